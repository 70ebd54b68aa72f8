"""Invitation letters (NĐ 30 Mẫu 1.7): what the PDF and the DOCX say, read
back, against the conference's facts; the Decree 30 elements; refusals."""

import io
import unicodedata
import zipfile

import pypdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from core.errors import error_code
from events.exports.invitations import (
    invitation_docx,
    invitation_pdf,
    invitations_docx_zip,
    invitations_pdf,
)
from events.models import ActivityLog, InvitationSetup
from events.selectors import term_units_in_order
from events.selectors.invitations import invitees
from events.services.invitations import invitation_setup_update
from events.services.liaisons import liaison_link
from tests.events.invitation_world import SETTINGS, invitation_conference, pdf_pages, pdf_text
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return invitation_conference()


def _facts(conference, unit) -> list[str]:
    """What every letter to ``unit`` must say, as printed."""
    term = conference.term
    return [
        "UBND TỈNH PHÚ THỌ",
        "SỞ NỘI VỤ",
        "Số: 12/GM-SNV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Thọ, ngày 05 tháng 3 năm 2026",
        "GIẤY MỜI",
        f"Dự {conference.title}",
        f"Kính gửi: {unit.name}",
        "Thời gian: Từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Sáu, ngày 20/3/2026",
        "Địa điểm: Hội trường Sở Nội vụ tỉnh Phú Thọ, Phường Việt Trì, tỉnh Phú Thọ",
        f"đồng chí Nguyễn Quang Đông, Phó Giám đốc {term.chair.name}, Cụm trưởng",
        f"đồng chí Lê Văn Hội, Giám đốc {term.deputy.name}, Cụm phó",
        "Thành phần: Giám đốc (01 người)",
        "Lãnh đạo Văn phòng (02 người)",
        "tổng số không quá 05 người",
        "trước 17 giờ 00 phút, ngày 13/3/2026",
        liaison_link(conference, unit),
        "Chi tiết xin liên hệ: bà Hoàng Thị Lan, Văn phòng, 0210 3846 123.",
        "Nơi nhận: - Như trên; - Lưu: VT.",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Hoàng Văn Nam",
    ]


def test_letter_pdf_states_the_conference_facts_in_decree_30_order(conference):
    unit = conference.term.deputy

    data = invitation_pdf(conference, unit)
    text = pdf_text(data)

    assert unicodedata.is_normalized("NFC", text)
    positions = []
    for fact in _facts(conference, unit):
        assert fact in text, fact
        positions.append(text.index(fact))
    # The header (its two columns in either order), then title, addressee,
    # body, recipients and signature.
    title = text.index("GIẤY MỜI")
    assert max(positions[:6]) < title
    order = ["GIẤY MỜI", "Kính gửi", "Thời gian", "Địa điểm", "Chủ trì", "Thành phần", "Nơi nhận"]
    assert [text.index(x) for x in order] == sorted(text.index(x) for x in order)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1


def test_letter_pdf_embeds_liberation_serif_and_carries_the_qr(conference):
    data = invitation_pdf(conference, conference.term.chair)
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    images = list(page.images)

    assert fonts and all("+Liberation-Serif" in name for name in fonts), fonts
    assert any("Bold" in name for name in fonts)
    assert any("Italic" in name for name in fonts)  # the date line
    assert len(images) == 1  # the registration link's QR


def test_same_settings_give_the_same_letter_bytes(conference):
    unit = conference.term.chair
    assert invitation_pdf(conference, unit) == invitation_pdf(conference, unit)


def test_guest_letter_asks_for_leaders_and_has_no_registration_link(conference):
    guest = invitees(conference=conference)[-1]

    text = pdf_text(invitation_pdf(conference, guest))

    assert guest.name == "Ban Thi đua - Khen thưởng Trung ương"
    assert "Kính gửi: Ban Thi đua - Khen thưởng Trung ương" in text
    assert "Thành phần: Đại diện lãnh đạo Quý cơ quan" in text
    assert "xác nhận tham dự với Ban tổ chức trước 17 giờ 00 phút, ngày 13/3/2026" in text
    assert "/unit/" not in text and "Đăng ký đoàn đại biểu" not in text


def test_all_letters_pdf_has_one_letter_per_invitee_in_official_order(conference):
    data = invitations_pdf(conference)
    pages = pdf_pages(data)
    names = [u.name for u in term_units_in_order(term=conference.term)]

    assert len(pages) == len(names) + 1
    for page, name in zip(pages, [*names, "Ban Thi đua - Khen thưởng Trung ương"], strict=True):
        assert f"Kính gửi: {name}" in page
        assert "Số: 12/GM-SNV" in page
        # No page number on a letter's first (and only) page.
        assert not page.split()[0].isdigit()


def test_letter_docx_says_what_the_pdf_says_in_times_new_roman(conference):
    unit = conference.term.deputy

    document = Document(io.BytesIO(invitation_docx(conference, unit)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    text = " ".join(" ".join([*cells, *paragraphs]).split())

    assert unicodedata.is_normalized("NFC", text)
    for fact in _facts(conference, unit):
        assert fact in text, fact
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs
    ]
    runs = [run for run in runs if run.text]  # the QR's run holds a picture only
    assert runs
    for run in runs:
        fonts = run._element.rPr.rFonts
        assert run.font.name == "Times New Roman"
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.left_margin]
    assert [round(x.mm) for x in [*sizes, section.right_margin]] == [210, 297, 20, 30, 15]
    assert len(document.inline_shapes) == 1  # the QR
    assert document.core_properties.title == "GIẤY MỜI 12/GM-SNV"


def test_docx_zip_holds_one_openable_letter_per_invitee_with_its_own_link_and_qr(conference):
    data = invitations_docx_zip(conference)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    units = term_units_in_order(term=conference.term)

    assert len(names) == len(units) + 1
    assert names[0].startswith(f"giay-moi-12-GM-SNV-u{units[0].pk}-")
    assert names[-1].startswith("giay-moi-12-GM-SNV-g1-ban-thi-dua")
    pictures: set[bytes] = set()
    for name, unit in zip(names, units, strict=False):
        document = Document(io.BytesIO(archive.read(name)))
        cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
        paragraphs = [p.text for p in document.paragraphs]
        assert f"Kính gửi: {unit.name}" in paragraphs
        assert liaison_link(conference, unit) in cells
        host = conference.host_unit.name
        assert f"{host} trân trọng kính mời {unit.name} cử đại biểu" in " ".join(paragraphs)
        shape = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
        pictures.add(document.part.related_parts[shape.embed].blob)
    assert len(pictures) == len(units)  # each unit its own QR
    guest = Document(io.BytesIO(archive.read(names[-1])))
    assert len(guest.inline_shapes) == 0
    assert invitations_docx_zip(conference) == data  # stamped with the date of issue


def test_docx_of_one_unit_matches_its_letter_in_the_zip(conference):
    unit = conference.term.deputy
    archive = zipfile.ZipFile(io.BytesIO(invitations_docx_zip(conference)))
    name = next(n for n in archive.namelist() if f"-u{unit.pk}-" in n)

    assert archive.read(name) == invitation_docx(conference, unit)


@pytest.mark.parametrize("build", [invitation_pdf, invitation_docx])
def test_letter_without_number_or_signer_is_refused(build):
    conference = invitation_conference(number="", signer_name="")

    with pytest.raises(Exception) as raised:
        build(conference, conference.term.chair)

    assert error_code(raised.value) == "invitation_incomplete"
    assert "số" in raised.value.text and "họ tên người ký" in raised.value.text


@pytest.mark.parametrize("build", [invitations_pdf, invitations_docx_zip])
def test_bundles_are_refused_while_incomplete(build):
    conference = invitation_conference(issued_on=None)
    with pytest.raises(Exception) as raised:
        build(conference)
    assert error_code(raised.value) == "invitation_incomplete"


def test_unit_outside_the_term_is_not_invited(conference):
    stranger = MemberUnitFactory(cluster=conference.term.cluster)
    with pytest.raises(Exception) as raised:
        invitation_pdf(conference, stranger)
    assert error_code(raised.value) == "invitation_not_invited"
    assert stranger.name in raised.value.text


def test_settings_are_stored_in_nfc_with_guests_deduplicated_and_audited(conference):
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Phú Thọ")

    setup = invitation_setup_update(
        conference=conference,
        **{**SETTINGS, "number": " 13 ", "guests": f"{decomposed}\n\n  {decomposed} \nBáo Phú Thọ"},
    )

    setup = InvitationSetup.objects.get(pk=setup.pk)
    assert setup.reference == "13/GM-SNV"
    assert setup.guest_names == ["Ủy ban nhân dân tỉnh Phú Thọ", "Báo Phú Thọ"]
    assert unicodedata.is_normalized("NFC", setup.guests)
    entry = ActivityLog.objects.filter(action="invitations.updated").latest("pk")
    assert entry.data["number"] == ["12", "13"]
    assert entry.data["guests"] == [
        ["Ban Thi đua - Khen thưởng Trung ương"],
        ["Ủy ban nhân dân tỉnh Phú Thọ", "Báo Phú Thọ"],
    ]


def test_saving_the_same_settings_logs_nothing(conference):
    before = ActivityLog.objects.filter(action="invitations.updated").count()
    invitation_setup_update(conference=conference, **SETTINGS)
    assert ActivityLog.objects.filter(action="invitations.updated").count() == before
