"""The attendance report after the meeting: figures per unit and role,
arrival times, late arrivals and absentees; the PDF and the XLSX say them."""

import io
import unicodedata
from datetime import datetime

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from events.demo import CONFERENCE_2022
from events.exports.attendance_report import attendance_report_pdf, attendance_report_xlsx
from events.models import Checkin, CheckinMethod, Conference
from events.selectors.attendance_report import attendance_report
from events.services.checkin import checkin_list_main, checkin_perform
from tests.events.invitation_world import pdf_pages, pdf_text
from tests.factories import TZ, ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _arrive(conference, main, registration, hour, minute):
    result = checkin_perform(
        conference=conference,
        checkin_list=main,
        nonce=f"n-{registration.pk}",
        code=registration.code,
        method=CheckinMethod.CAMERA,
    )
    # The scan happened at the door at that time (the service stamps "now").
    Checkin.objects.filter(pk=result.checkin.pk).update(
        created_at=datetime(2026, 3, 20, hour, minute, tzinfo=TZ)
    )
    return result.checkin


@pytest.fixture
def meeting():
    """Chair unit: 2 of 3 came (one late); deputy: 1 of 1; third unit: 0 of 1;
    one guest came; a pending registration does not count."""
    conference = ConferenceFactory()  # starts 08:00 on 20 March 2026
    term = conference.term
    third = term.members.exclude(pk__in=[term.chair_id, term.deputy_id]).get()
    main = checkin_list_main(conference=conference)
    people = {
        "an": RegistrationFactory(
            conference=conference, full_name="Nguyễn Văn An", role_code="director", unit=term.chair
        ),
        "binh": RegistrationFactory(
            conference=conference,
            full_name="Trần Thị Bình",
            role_code="specialist",
            unit=term.chair,
        ),
        "cuong": RegistrationFactory(
            conference=conference,
            full_name="=HYPERLINK(1)",
            title="@Chuyên viên",
            role_code="specialist",
            unit=term.chair,
        ),
        "dung": RegistrationFactory(
            conference=conference, full_name="Lê Văn Dũng", role_code="director", unit=term.deputy
        ),
        "em": RegistrationFactory(
            conference=conference, full_name="Phạm Thị Em", role_code="director", unit=third
        ),
        "guest": RegistrationFactory(
            conference=conference,
            full_name="Đỗ Khách",
            role_code="guest",
            unit=None,
            organization="Báo Nhân dân",
        ),
    }
    RegistrationFactory(conference=conference, full_name="Chờ Duyệt", status="pending")
    _arrive(conference, main, people["an"], 7, 40)
    _arrive(conference, main, people["dung"], 7, 52)
    late = _arrive(conference, main, people["binh"], 8, 20)
    _arrive(conference, main, people["guest"], 7, 58)
    return conference, main, people, third, late


def test_report_counts_units_roles_arrivals_and_late_arrivals(meeting):
    conference, main, _people, third, _late = meeting

    report = attendance_report(conference=conference, checkin_list=main)

    rows = {row.name: (row.expected, row.present) for row in report.units}
    assert rows == {
        conference.term.chair.name: (3, 2),
        conference.term.deputy.name: (1, 1),
        third.name: (1, 0),
        "": (1, 1),
    }
    assert (report.units_present, report.units_expected) == (2, 3)
    assert (report.present, report.expected, report.absent, report.rate) == (4, 6, 2, 67)
    assert {r.name: (r.expected, r.present) for r in report.roles} == {
        "Giám đốc": (3, 2),
        "Chuyên viên thi đua - khen thưởng": (2, 1),
        "Khách mời cấp trên": (1, 1),
    }
    assert [(b.starts.strftime("%H:%M"), b.count) for b in report.arrivals] == [
        ("07:30", 1),
        ("07:45", 2),
        ("08:00", 0),
        ("08:15", 1),
    ]
    assert [(p.registration.full_name, p.minutes_late) for _row, p in report.late] == [
        ("Trần Thị Bình", 20)
    ]
    chair_row = report.units[0]
    assert [p.registration.full_name for p in chair_row.absent] == ["=HYPERLINK(1)"]
    assert chair_row.first_arrival.astimezone(TZ).strftime("%H:%M") == "07:40"


def test_an_annulled_scan_is_not_an_arrival(meeting):
    conference, main, _people, _third, late = meeting
    Checkin.objects.filter(pk=late.pk).update(annulled_at=datetime(2026, 3, 20, 9, 0, tzinfo=TZ))

    report = attendance_report(conference=conference, checkin_list=main)

    assert (report.present, report.late) == (3, [])


def test_pdf_states_the_figures_and_the_absentees(meeting):
    conference, main, _people, third, _late = meeting

    text = pdf_text(
        attendance_report_pdf(attendance_report(conference=conference, checkin_list=main))
    )

    assert unicodedata.is_normalized("NFC", text)
    assert "BÁO CÁO TÌNH HÌNH THAM DỰ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Đơn vị có mặt / được mời 2/3" in text
    assert "Đại biểu có mặt / dự kiến 4/6" in text
    assert "Tỷ lệ có mặt (%) 67" in text
    assert f"{third.name} 1 0" in text and "Phạm Thị Em" in text
    assert "Trần Thị Bình" in text and "08:20 20" in text


def test_xlsx_sheets_hold_the_figures_and_text_never_becomes_a_formula(meeting):
    conference, main, _people, third, _late = meeting

    data = attendance_report_xlsx(attendance_report(conference=conference, checkin_list=main))
    book = load_workbook(io.BytesIO(data))

    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo vai trò",
        "Giờ đến",
        "Đến muộn",
        "Người vắng mặt",
    ]
    summary = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đơn vị có mặt / được mời"][:2] == (2, 3)
    assert summary["Đại biểu có mặt / dự kiến"][:2] == (4, 6)
    by_unit = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert by_unit[0] == (
        "Đơn vị",
        "Dự kiến",
        "Có mặt",
        "Vắng mặt",
        "Đến sớm nhất",
        "Đến muộn nhất",
    )
    assert (third.name, 1, 0, 1, None, None) in by_unit or (third.name, 1, 0, 1, "", "") in by_unit
    absentees = book["Người vắng mặt"]
    cells = [c for row in absentees.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    assert "'=HYPERLINK(1)" in [c.value for c in cells]
    assert "'@Chuyên viên" in [c.value for c in cells]
    with translation.override("vi"):
        assert next(absentees.iter_rows(values_only=True)) == (
            _("Unit"),
            _("Full name"),
            _("Title or position"),  # the person's, not the conference's title
            _("Role"),
        )


def test_a_units_row_is_never_split_across_two_pages_of_the_pdf():
    """The seed meeting before anyone arrived: the per-unit table runs onto
    a second page, and each unit's name stays on the page of its absentees."""
    call_command("load_demo", stdout=io.StringIO())
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    report = attendance_report(
        conference=conference, checkin_list=checkin_list_main(conference=conference)
    )

    pages = pdf_pages(attendance_report_pdf(report))

    assert len(pages) > 1
    for unit in report.units:
        if not unit.absent or not unit.name:
            continue
        first_absentee = unit.absent[0].registration.full_name
        holding_name = [i for i, page in enumerate(pages) if unit.name in page]
        assert holding_name, unit.name
        assert first_absentee in pages[holding_name[0]], (unit.name, first_absentee)
