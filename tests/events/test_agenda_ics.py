"""The agenda's iCalendar file, read back with the icalendar library."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from events.exports.agenda_ics import agenda_ics
from events.selectors.agenda import agenda_items, agenda_version
from events.services.agenda_live import agenda_skip_next
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2025; phương hướng, "
    "nhiệm vụ năm 2026 của Cụm thi đua các tỉnh miền núi phía Bắc"
)


def _export(conference) -> Calendar:
    data = agenda_ics(
        conference=conference,
        items=list(agenda_items(conference=conference)),
        version=agenda_version(conference=conference),
    )
    return Calendar.from_ical(data)


def test_agenda_ics_keeps_vietnamese_text_with_commas_semicolons_and_lines(conference):
    AgendaItemFactory(
        conference=conference,
        title=LONG_TITLE,
        presenter_text="Đ/c Lò Văn Sáng, Phó Chủ tịch",
        notes="Trình chiếu; 15 phút, phát tài liệu \\ kèm",
    )

    (event,) = _export(conference).walk("VEVENT")

    assert str(event["SUMMARY"]) == LONG_TITLE
    assert str(event["DESCRIPTION"]) == (
        "Đ/c Lò Văn Sáng, Phó Chủ tịch\nTrình chiếu; 15 phút, phát tài liệu \\ kèm"
    )
    assert str(event["LOCATION"]) == ", ".join(
        part for part in (conference.venue, conference.address) if part
    )


def test_agenda_ics_times_are_the_planned_instants_in_utc(conference):
    item = AgendaItemFactory(conference=conference, title="Khai mạc", duration_minutes=10)

    (event,) = _export(conference).walk("VEVENT")

    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start, end) == (item.planned_start, item.planned_end)
    assert start.utcoffset() == timedelta(0)
    assert event.decoded("DTSTAMP") <= datetime.now(UTC)


def test_agenda_ics_uids_stay_and_sequence_grows_across_versions(conference):
    AgendaItemFactory(conference=conference, title="Khai mạc")
    AgendaItemFactory(conference=conference, title="Báo cáo")
    AgendaItemFactory(conference=conference, title="Bế mạc")
    before = _export(conference).walk("VEVENT")

    agenda_skip_next(conference=conference)
    after = _export(conference).walk("VEVENT")

    assert [str(e["SUMMARY"]) for e in after] == ["Báo cáo", "Bế mạc"]
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in before[1:]]
    assert after[0]["SEQUENCE"] == before[0]["SEQUENCE"] + 1


def test_agenda_ics_calendar_is_named_after_the_conference(conference):
    calendar = _export(conference)

    assert str(calendar["X-WR-CALNAME"]) == conference.title
    assert (str(calendar["VERSION"]), str(calendar["METHOD"])) == ("2.0", "PUBLISH")
