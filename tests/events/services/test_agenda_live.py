from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import error_code
from events.models import ActivityLog, AgendaItemStatus
from events.selectors.agenda import agenda_items, agenda_snapshot, agenda_version
from events.services.agenda_live import (
    agenda_announce,
    agenda_finish_current,
    agenda_shift,
    agenda_shift_earlier,
    agenda_shift_undo,
    agenda_skip_next,
    agenda_start_next,
)
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(conference):
    for title, minutes in [("Đón tiếp", 15), ("Khai mạc", 10), ("Báo cáo", 20), ("Bế mạc", 10)]:
        AgendaItemFactory(conference=conference, title=title, duration_minutes=minutes)
    return conference


def statuses(conference) -> list[str]:
    return [item.status for item in agenda_items(conference=conference)]


def starts(conference) -> list[str]:
    return [
        timezone.localtime(item.planned_start).strftime("%H:%M")
        for item in agenda_items(conference=conference)
    ]


def test_start_next_finishes_the_running_item_and_starts_the_following(agenda):
    agenda_start_next(conference=agenda)
    agenda_start_next(conference=agenda)
    assert statuses(agenda) == ["done", "running", "planned", "planned"]
    first, second = list(agenda_items(conference=agenda))[:2]
    assert first.actual_end == second.actual_start
    snapshot = agenda_snapshot(conference=agenda)
    assert (snapshot["current"], snapshot["next"]) == (second.pk, snapshot["items"][2]["id"])


def test_finish_current_leaves_nothing_running(agenda):
    agenda_start_next(conference=agenda)
    agenda_finish_current(conference=agenda)
    assert statuses(agenda) == ["done", "planned", "planned", "planned"]
    assert agenda_snapshot(conference=agenda)["current"] is None


def test_finish_with_nothing_running_is_refused(agenda):
    with pytest.raises(ValidationError) as error:
        agenda_finish_current(conference=agenda)
    assert error_code(error.value) == "nothing_running"
    assert error.value.messages == ["Chưa có nội dung nào đang diễn ra."]


def test_skip_marks_the_next_planned_item_and_start_next_passes_it(agenda):
    agenda_start_next(conference=agenda)
    agenda_skip_next(conference=agenda)
    agenda_start_next(conference=agenda)
    assert statuses(agenda) == ["done", "skipped", "running", "planned"]


def test_start_next_after_the_last_item_is_refused(agenda):
    for _ in range(4):
        agenda_start_next(conference=agenda)
    version = agenda_version(conference=agenda)
    with pytest.raises(ValidationError) as error:
        agenda_start_next(conference=agenda)
    assert error_code(error.value) == "no_next_item"
    assert agenda_version(conference=agenda) == version


def test_running_late_shifts_only_items_that_have_not_started(agenda):
    agenda_start_next(conference=agenda)
    agenda_shift(conference=agenda, minutes=10)
    agenda_shift(conference=agenda, minutes=5)
    assert starts(agenda) == ["08:00", "08:30", "08:40", "09:00"]
    assert [i.delay_minutes for i in agenda_items(conference=agenda)] == [0, 15, 15, 15]


def test_running_late_keeps_shift_when_a_duration_changes_later(agenda):
    from events.services.agenda import agenda_item_update

    agenda_shift(conference=agenda, minutes=15)
    first = agenda_items(conference=agenda).first()
    agenda_item_update(item=first, kind="welcome", title="Đón tiếp", duration_minutes=20)
    assert starts(agenda) == ["08:15", "08:35", "08:45", "09:05"]


@pytest.mark.parametrize("minutes", [0, 7, -5, 60])
def test_running_late_with_other_minutes_is_refused_and_times_unchanged(agenda, minutes):
    with pytest.raises(ValidationError) as error:
        agenda_shift(conference=agenda, minutes=minutes)
    assert error_code(error.value) == "bad_delay"
    assert starts(agenda) == ["08:00", "08:15", "08:25", "08:45"]


def test_action_on_a_stale_version_is_refused_and_changes_nothing(agenda):
    seen = agenda_version(conference=agenda)
    agenda_start_next(conference=agenda, expected_version=seen)
    with pytest.raises(ValidationError) as error:
        agenda_start_next(conference=agenda, expected_version=seen)  # a double tap
    assert error_code(error.value) == "stale_version"
    assert statuses(agenda) == ["running", "planned", "planned", "planned"]


def test_announcement_is_shown_and_cleared(agenda):
    agenda_announce(conference=agenda, text="  Đề nghị đại biểu ổn định chỗ ngồi ")
    assert agenda_snapshot(conference=agenda)["announcement"] == "Đề nghị đại biểu ổn định chỗ ngồi"
    agenda_announce(conference=agenda, text="")
    assert agenda_snapshot(conference=agenda)["announcement"] == ""


def test_overlong_announcement_is_refused(agenda):
    with pytest.raises(ValidationError) as error:
        agenda_announce(conference=agenda, text="x" * 201)
    assert error_code(error.value) == "announcement_too_long"
    assert agenda_snapshot(conference=agenda)["announcement"] == ""


def test_every_committed_change_increases_the_version(agenda):
    before = agenda_version(conference=agenda)
    agenda_start_next(conference=agenda)
    agenda_shift(conference=agenda, minutes=5)
    agenda_announce(conference=agenda, text="Giải lao")
    assert agenda_version(conference=agenda) == before + 3
    assert AgendaItemStatus.RUNNING in statuses(agenda)


# --- −5 and undo: recorded, and undone by a new row ---------------------------------


def _actions(conference):
    return list(
        ActivityLog.objects.filter(conference=conference)
        .order_by("pk")
        .values_list("action", "data")
    )


def test_earlier_takes_delay_back_but_never_before_the_plan(agenda):
    agenda_start_next(conference=agenda)
    agenda_shift(conference=agenda, minutes=10)
    moved = agenda_shift_earlier(conference=agenda, minutes=5)
    assert moved == 3
    assert starts(agenda) == ["08:00", "08:20", "08:30", "08:50"]
    assert agenda_snapshot(conference=agenda)["delay"] == 5
    agenda_shift_earlier(conference=agenda, minutes=5)
    with pytest.raises(ValidationError) as error:
        agenda_shift_earlier(conference=agenda, minutes=5)
    assert error_code(error.value) == "no_delay"
    assert starts(agenda) == ["08:00", "08:15", "08:25", "08:45"]


def test_undo_takes_back_the_latest_shift_first_and_keeps_the_undone_row(agenda):
    agenda_shift(conference=agenda, minutes=15)
    agenda_shift_earlier(conference=agenda, minutes=5)
    agenda_shift_undo(conference=agenda)  # the −5
    assert agenda_snapshot(conference=agenda)["delay"] == 15
    agenda_shift_undo(conference=agenda)  # the +15
    assert starts(agenda) == ["08:00", "08:15", "08:25", "08:45"]
    assert agenda_snapshot(conference=agenda)["delay"] == 0
    with pytest.raises(ValidationError) as error:
        agenda_shift_undo(conference=agenda)
    assert error_code(error.value) == "nothing_to_undo"
    log = _actions(agenda)
    assert [action for action, _ in log] == [
        "agenda.delayed",
        "agenda.advanced",
        "agenda.delay_undone",
        "agenda.delay_undone",
    ]
    assert (log[0][1]["minutes"], log[1][1]["minutes"]) == (15, -5)
    assert (log[2][1]["minutes"], log[3][1]["minutes"]) == (5, -15)


def test_undo_leaves_an_item_that_started_meanwhile_as_it_ran(agenda):
    agenda_shift(conference=agenda, minutes=10)
    agenda_start_next(conference=agenda)  # Đón tiếp starts, 10 min late
    agenda_shift_undo(conference=agenda)
    assert [i.delay_minutes for i in agenda_items(conference=agenda)] == [10, 0, 0, 0]


def test_snapshot_carries_the_running_items_due_time(agenda):
    item = agenda_start_next(conference=agenda)
    snapshot = agenda_snapshot(conference=agenda)
    due = datetime.fromisoformat(snapshot["current_due"])
    assert due == item.actual_start + timedelta(minutes=15)
