import io
import subprocess
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from events.models import StaffRole, User
from signing import sealing
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.exports.minutes_docx import minutes_docx
from signing.minutes_document import minutes_context
from signing.models import MinutesRole, MinutesState, PublicVerification, VerificationResult
from signing.services.minutes import (
    minutes_changes,
    minutes_finalise,
    minutes_link_issue,
    minutes_regenerate,
    minutes_setup,
    minutes_sign,
    minutes_update,
)
from signing.services.minutes_seal import minutes_pdf_verify, minutes_seal, minutes_signers
from tests.factories import MembershipFactory, UserFactory
from tests.signing.conftest import signature_png
from tests.signing.sealed_pdf import flip_a_sealed_byte


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def read_pdf(minutes) -> bytes:
    with minutes.pdf.open("rb") as handle:
        return handle.read()


def flat(text: str) -> str:
    return " ".join(text.split())


def _write(minutes):
    items = {str(i["id"]): "" for i in minutes.facts["agenda"]}
    first = str(minutes.facts["agenda"][1]["id"])
    items[first] = "Đồng chí Trần Văn Bảo trình bày báo cáo.\nCác đơn vị nhất trí."
    return minutes_update(
        minutes=minutes,
        number="01/BB-CTĐ",
        opening="Hội nghị được tiến hành đúng chương trình.",
        items=items,
        adopted="Báo cáo sơ kết 6 tháng đầu năm\nKế hoạch hoạt động của Cụm",
        other="",
    )


def _sign_both(minutes):
    for signer in minutes_signers(minutes, images=False):
        token = minutes_link_issue(signer=signer)
        user = User.objects.get(email=signer.email)  # made when the link was issued
        minutes_sign(
            token=token,
            png=signature_png(),
            consent=True,
            seen_text_sha256=minutes.text_sha256,
            meta=RequestMeta(user=user, ip="10.0.0.9"),
        )


@pytest.fixture
def sealed(meeting):
    minutes = minutes_setup(conference=meeting["conference"])
    _write(minutes)
    minutes = minutes_finalise(minutes=minutes)
    _sign_both(minutes)
    return minutes_seal(minutes=minutes)


def test_sealed_minutes_print_the_meetings_facts_and_decree_30_elements(sealed):
    data = read_pdf(sealed)
    text = flat(pdf_text(data))

    for element in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/BB-CTĐ",
        "BIÊN BẢN",
        "Thời gian bắt đầu: 08 giờ 07 phút, ngày 20 tháng 3 năm 2026",
        "Địa điểm: Hội trường Sở Nội vụ",
        "kết thúc vào 09 giờ 04 phút, ngày 20 tháng 3 năm 2026",
        "1. Khai mạc (08:07–08:20)",
        "2. Báo cáo sơ kết 6 tháng (08:20–08:52)",
        "3. Bế mạc (08:52–09:04)",
        "Văn nghệ chào mừng",
        "Đồng chí Trần Văn Bảo trình bày báo cáo.",
        "- Báo cáo sơ kết 6 tháng đầu năm",
        "- Kế hoạch hoạt động của Cụm",
        "THƯ KÝ",
        "CHỦ TỌA",
    ]:
        assert element in text, element
    assert "Đỗ Minh Khang" not in text  # never checked in
    assert text.index("Lê Văn Hội") < text.index("Bùi Văn Thành")  # given-name order
    # Content in the order it ran: the skipped item after the closing.
    assert text.index("3. Bế mạc") < text.index("Văn nghệ chào mừng")
    # Secretary left, chair right: on the same line, the secretary's name first.
    line = next(
        ln for ln in pdf_text(data).splitlines() if "Hoàng Thị Nga" in ln and "Trần Văn Bảo" in ln
    )
    assert line.index("Hoàng Thị Nga") < line.index("Trần Văn Bảo")
    assert unicodedata.is_normalized("NFC", pdf_text(data))


def test_sealed_minutes_validate_with_the_organisations_key(sealed):
    data = read_pdf(sealed)

    check = sealing.validate_pdf(data)

    assert (check.valid, check.covers_whole_file) == (True, True)
    assert sealing.pdf_statement(data)["ceremony"] == sealed.public_id
    assert sealed.state == MinutesState.SEALED
    assert [s["role"] for s in sealed.sealed_record["signers"]] == ["secretary", "chair"]


def test_public_verify_page_accepts_the_sealed_minutes_and_refuses_an_altered_copy(sealed):
    data = read_pdf(sealed)
    url = reverse("signing:verify", args=[sealed.public_id])
    client = Client()

    good = client.post(url, {"file": SimpleUploadedFile("bb.pdf", data, "application/pdf")})
    # A copy whose bytes were changed after sealing (one byte of the body flipped).
    altered = flip_a_sealed_byte(data)
    bad = client.post(url, {"file": SimpleUploadedFile("bb.pdf", altered, "application/pdf")})

    assert (
        "These are the sealed minutes" in good.content.decode()
        or "Đây là biên bản" in good.content.decode()
    )
    assert "Byte-identical" in good.content.decode() or "Trùng khớp" in good.content.decode()
    assert list(
        PublicVerification.objects.filter(minutes=sealed)
        .order_by("at")
        .values_list("result", flat=True)
    ) == [VerificationResult.VALID, VerificationResult.INVALID]
    assert bad.status_code == 200


def test_public_verify_page_states_the_number_once(sealed):
    page = Client().get(reverse("signing:verify", args=[sealed.public_id])).content.decode()

    number = sealed.sealed_record["number_line"].removeprefix("Số: ")
    assert f'<dd data-testid="number">{number}</dd>' in page


def test_minutes_docx_reads_back_the_same_text_in_times_new_roman(sealed):
    from docx import Document

    context, images = minutes_context(minutes=sealed, signers=minutes_signers(sealed))
    document = Document(io.BytesIO(minutes_docx(context, images)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    text = "\n".join(paragraphs + cells)

    assert "BIÊN BẢN" in paragraphs
    assert "Số: 01/BB-CTĐ" in cells
    assert "Thời gian bắt đầu: 08 giờ 07 phút, ngày 20 tháng 3 năm 2026." in paragraphs
    assert "- Báo cáo sơ kết 6 tháng đầu năm" in paragraphs
    assert cells[-8:].count("Hoàng Thị Nga") + cells.count("Hoàng Thị Nga") >= 1
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert len(document.inline_shapes) == 2  # the two signatures
    assert unicodedata.is_normalized("NFC", text)


def test_finalised_minutes_refuse_edits_and_a_changed_text_refuses_the_signature(meeting):
    minutes = minutes_finalise(minutes=minutes_setup(conference=meeting["conference"]))
    signer = minutes.signers.get(role=MinutesRole.CHAIR)
    token = minutes_link_issue(signer=signer)

    with pytest.raises(SigningError) as edit:
        _write(minutes)
    with pytest.raises(SigningError) as stale:
        minutes_sign(
            token=token,
            png=signature_png(),
            consent=True,
            seen_text_sha256="0" * 64,
            meta=RequestMeta(user=User.objects.get(email=signer.email)),
        )
    with pytest.raises(SigningError) as other:
        minutes_sign(
            token=token,
            png=signature_png(),
            consent=True,
            seen_text_sha256=minutes.text_sha256,
            meta=RequestMeta(user=UserFactory()),
        )

    assert (edit.value.code, stale.value.code, other.value.code) == (
        "minutes_final",
        "text_changed",
        "wrong_account",
    )
    with pytest.raises(SigningError) as early:
        minutes_seal(minutes=minutes)
    assert early.value.code == "missing_signatures"


def test_regenerate_lists_what_changed_and_keeps_the_secretarys_text(meeting):
    minutes = _write(minutes_setup(conference=meeting["conference"]))
    absent = meeting["people"]["absent"]
    from events.models import CheckinMethod
    from events.services.checkin import checkin_list_main, checkin_perform

    checkin_perform(
        conference=meeting["conference"],
        checkin_list=checkin_list_main(conference=meeting["conference"]),
        nonce="late-arrival-1",
        registration_id=absent.pk,
        method=CheckinMethod.MANUAL,
        user=UserFactory(),
    )

    assert ("+", "present 7") in minutes_changes(minutes=minutes)
    with pytest.raises(SigningError) as stale:
        minutes_finalise(minutes=minutes)
    changes = minutes_regenerate(minutes=minutes)
    minutes.refresh_from_db()

    assert stale.value.code == "facts_changed"
    assert ("-", "present 6") in changes and ("+", "present 7") in changes
    assert minutes.sections["opening"] == "Hội nghị được tiến hành đúng chương trình."
    assert minutes_changes(minutes=minutes) == []


def test_the_secretarys_text_is_stored_nfc(meeting):
    minutes = minutes_setup(conference=meeting["conference"])
    decomposed = unicodedata.normalize("NFD", "Nhất trí thông qua")

    minutes_update(
        minutes=minutes, number="", opening=decomposed, items={}, adopted=decomposed, other=""
    )
    minutes.refresh_from_db()

    assert minutes.sections["opening"] == "Nhất trí thông qua"
    assert minutes.sections["adopted"] == ["Nhất trí thông qua"]


def test_minutes_verify_refuses_before_sealing(meeting):
    minutes = minutes_setup(conference=meeting["conference"])
    with pytest.raises(SigningError) as error:
        minutes_pdf_verify(minutes=minutes, data=b"%PDF-1.7")
    assert error.value.code == "not_sealed"


def test_the_final_minutes_read_in_one_column_not_half_a_grid(meeting):
    """While drafting, the editor and the preview sit side by side; once
    final there is no editor, and the text no longer keeps to half the page."""
    conference = meeting["conference"]
    client = Client()
    client.force_login(MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user)
    url = reverse("signing:minutes", kwargs={"slug": conference.slug})
    minutes = minutes_setup(conference=conference)

    drafting = client.get(url).content.decode()
    minutes_finalise(minutes=minutes)
    final = client.get(url).content.decode()

    assert '<div class="grid grid-2" data-testid="minutes-body">' in drafting
    assert '<div class="minutes-read" data-testid="minutes-body">' in final
