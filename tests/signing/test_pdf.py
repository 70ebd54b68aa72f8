"""The sealed covenant PDF: PAdES seal, text, order, layout facts, verification."""

import io
import unicodedata

import pypdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from signing.document import place_date
from signing.errors import SigningError
from signing.models import AuditKind
from signing.services import ceremony_seal, pdf_verify, signatory_update
from tests.signing.conftest import sign_all


@pytest.fixture
def sealed(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    ceremony = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    with ceremony.pdf.open("rb") as handle:
        return ceremony, handle.read()


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_sealed_pdf_validates_against_the_development_certificate(sealed, cert_dir):
    from asn1crypto import pem, x509

    _ceremony, data = sealed
    _type, _headers, der = pem.unarmor((cert_dir / "cert.pem").read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]

    status = validate_pdf_signature(signature, context)

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage.name == "ENTIRE_FILE"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_stored_sha256_matches_the_file(sealed):
    import hashlib

    ceremony, data = sealed
    assert ceremony.pdf_sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_lists_every_unit_and_signer_in_order_and_nfc(sealed):
    ceremony, data = sealed
    text = _text(data)
    signatories = list(ceremony.signatories.order_by("position").select_related("unit"))

    assert unicodedata.is_normalized("NFC", text)
    grid = text[text.index("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT") :]
    positions = []
    for s in signatories:
        for piece in (s.unit.name.upper(), s.title, s.full_name):
            assert piece in grid
        positions.append(grid.index(s.full_name))
    assert positions == sorted(positions)
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Quang Đông" in grid
    assert "(CỤM TRƯỞNG)" in grid
    assert "(CỤM PHÓ)" in grid


def test_pdf_carries_the_national_title_body_and_audit_page(sealed):
    ceremony, data = sealed
    reader = pypdf.PdfReader(io.BytesIO(data))
    first = " ".join(reader.pages[0].extract_text().split())
    last = " ".join(reader.pages[-1].extract_text().split())

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert f"{ceremony.covenant.place}, ngày 20 tháng 3 năm 2026" in first
    assert "2. Giữ nghiêm kỷ luật, kỷ cương: a) văn hóa công sở; b) đạo đức công vụ." in first
    assert ceremony.text_sha256 in last.replace(" ", "")
    assert f"/verify/{ceremony.public_id}/" in last.replace(" ", "")
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.28, abs=0.5)


def test_place_date_pads_day_and_only_the_first_two_months():
    from datetime import date

    assert place_date("Bắc Kạn", date(2022, 7, 22), "vi") == "Bắc Kạn, ngày 22 tháng 7 năm 2022"
    assert place_date("Bắc Kạn", date(2022, 2, 5), "vi") == "Bắc Kạn, ngày 05 tháng 02 năm 2022"
    assert place_date("Bắc Kạn", date(2022, 11, 9), "vi") == "Bắc Kạn, ngày 09 tháng 11 năm 2022"


def test_user_text_cannot_inject_markup(ceremony, chair_meta):
    from signing.services import ceremony_open

    first = ceremony.signatories.order_by("position").first()
    signatory_update(signatory=first, full_name="<b>Trần</b> & Nam", title="Giám đốc")
    opened = ceremony_open(ceremony=ceremony, meta=chair_meta)
    sign_all(opened, chair_meta)
    sealed = ceremony_seal(ceremony=opened, meta=chair_meta)
    with sealed.pdf.open("rb") as handle:
        assert "<b>Trần</b> & Nam" in _text(handle.read())


def test_untouched_copy_verifies(sealed, chair_meta):
    ceremony, data = sealed
    result = pdf_verify(ceremony=ceremony, data=data, meta=chair_meta)
    assert (result.identical, result.seal.valid, result.valid) == (True, True, True)
    assert ceremony.audit_events.order_by("seq").last().kind == AuditKind.SEALED


def test_one_byte_change_fails_verification(sealed, chair_meta):
    ceremony, data = sealed
    changed = bytearray(data)
    # Inside the first page's content, well before the signature dictionary.
    changed[len(changed) // 3] ^= 0x01
    result = pdf_verify(ceremony=ceremony, data=bytes(changed), meta=chair_meta)
    assert (result.identical, result.seal.valid) == (False, False)


def test_upload_that_is_not_a_pdf_is_refused(sealed, chair_meta):
    ceremony, _data = sealed
    with pytest.raises(SigningError) as error:
        pdf_verify(ceremony=ceremony, data=b"GIF89a not a pdf", meta=chair_meta)
    assert error.value.code == "not_pdf"


def test_pdf_states_the_ceremony_and_the_audit_chain_head(sealed):
    ceremony, data = sealed
    reader = pypdf.PdfReader(io.BytesIO(data))
    before_seal = ceremony.audit_events.order_by("seq").reverse()[1]

    info = reader.metadata
    last = _text(data).replace(" ", "")

    assert info["/hoinghiceremony"] == ceremony.public_id
    assert (info["/hoinghiauditcount"], info["/hoinghiaudithead"]) == (
        str(before_seal.seq),
        before_seal.hash,
    )
    assert before_seal.hash in last
    assert f"Mãvănbản:{ceremony.public_id}" in last
