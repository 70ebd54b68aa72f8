from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import error_code
from events.models import AgendaItem, ConferenceStatus
from events.selectors.agenda import agenda_items, agenda_version, agenda_warnings
from events.services.agenda import (
    agenda_item_create,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    agenda_reorder,
)
from tests.factories import TZ, AgendaItemFactory, ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def starts(conference) -> list[str]:
    return [
        timezone.localtime(item.planned_start).strftime("%H:%M")
        for item in agenda_items(conference=conference)
    ]


def titles(conference) -> list[str]:
    return [item.title for item in agenda_items(conference=conference)]


def test_item_create_appends_and_start_follows_previous_duration(conference):
    AgendaItemFactory(conference=conference, title="Đón tiếp", duration_minutes=15)
    AgendaItemFactory(conference=conference, title="Khai mạc", duration_minutes=10)
    AgendaItemFactory(conference=conference, title="Báo cáo", duration_minutes=20)
    assert starts(conference) == ["08:00", "08:15", "08:25"]
    assert agenda_version(conference=conference) == 3


def test_item_update_of_duration_recomputes_following_starts(conference):
    first = AgendaItemFactory(conference=conference, duration_minutes=15)
    AgendaItemFactory(conference=conference, duration_minutes=10)
    agenda_item_update(item=first, kind="welcome", title="Đón tiếp", duration_minutes=30)
    assert starts(conference) == ["08:00", "08:30"]


def test_item_with_pinned_start_starts_there_and_overlap_is_warned(conference):
    AgendaItemFactory(conference=conference, title="Báo cáo", duration_minutes=30)
    AgendaItemFactory(
        conference=conference,
        title="Phát biểu",
        duration_minutes=10,
        pinned_start=datetime(2026, 3, 20, 8, 20, tzinfo=TZ),
    )
    items = list(agenda_items(conference=conference))
    warnings = agenda_warnings(conference=conference, items=items)
    assert starts(conference) == ["08:00", "08:20"]
    assert [(w.code, w.item_id) for w in warnings] == [("overlap", items[1].pk)]
    assert (
        warnings[0].message
        == "“Phát biểu” bắt đầu lúc 08:20, trước khi “Báo cáo” kết thúc (08:30)."
    )


def test_agenda_running_past_planned_end_is_warned(conference):
    AgendaItemFactory(conference=conference, duration_minutes=200)
    AgendaItemFactory(conference=conference, duration_minutes=20)
    items = list(agenda_items(conference=conference))
    warnings = agenda_warnings(conference=conference, items=items)
    assert [w.code for w in warnings] == ["past_end"]
    assert warnings[0].message == (
        "Chương trình kết thúc lúc 11:40, sau giờ kết thúc dự kiến của hội nghị (11:30)."
    )


@pytest.mark.parametrize("minutes", [0, -5, 601, 100000])
def test_item_create_with_absurd_duration_is_refused_and_agenda_unchanged(conference, minutes):
    AgendaItemFactory(conference=conference, title="Khai mạc")
    with pytest.raises(ValidationError) as error:
        agenda_item_create(
            conference=conference, kind="report", title="Báo cáo", duration_minutes=minutes
        )
    assert error_code(error.value) == "bad_duration"
    assert error.value.message_dict == {"duration_minutes": ["Thời lượng phải từ 1 đến 600 phút."]}
    assert titles(conference) == ["Khai mạc"]
    assert agenda_version(conference=conference) == 1


def test_item_ending_after_midnight_is_refused_and_agenda_unchanged():
    conference = ConferenceFactory(
        starts_at=datetime(2026, 3, 20, 22, 0, tzinfo=TZ),
        ends_at=datetime(2026, 3, 20, 23, 30, tzinfo=TZ),
    )
    AgendaItemFactory(conference=conference, title="Tiệc", duration_minutes=90)
    with pytest.raises(ValidationError) as error:
        agenda_item_create(
            conference=conference, kind="other", title="Giao lưu", duration_minutes=60
        )
    assert error_code(error.value) == "past_midnight"
    assert titles(conference) == ["Tiệc"]


def test_editing_a_finished_conference_is_refused(conference):
    item = AgendaItemFactory(conference=conference, title="Khai mạc")
    conference.status = ConferenceStatus.FINISHED
    conference.save()
    with pytest.raises(ValidationError) as error:
        agenda_item_update(item=item, kind="opening", title="Đổi tên", duration_minutes=5)
    assert error_code(error.value) == "conference_finished"
    assert error.value.messages == ["Hội nghị đã kết thúc; không thể thay đổi chương trình nữa."]
    assert titles(conference) == ["Khai mạc"]


def test_presenter_from_another_conference_is_refused(conference):
    stranger = RegistrationFactory()
    with pytest.raises(ValidationError) as error:
        agenda_item_create(
            conference=conference,
            kind="report",
            title="Báo cáo",
            duration_minutes=10,
            presenter=stranger,
        )
    assert error_code(error.value) == "foreign_presenter"
    assert titles(conference) == []


def test_item_create_normalizes_title_to_nfc(conference):
    item = AgendaItemFactory(conference=conference, title="Khai mạc".replace("ạ", "a\u0323"))
    assert item.title == "Khai mạc"


def test_move_up_swaps_items_and_recomputes_times(conference):
    AgendaItemFactory(conference=conference, title="A", duration_minutes=15)
    b = AgendaItemFactory(conference=conference, title="B", duration_minutes=5)
    agenda_item_move(item=b, direction="up")
    assert titles(conference) == ["B", "A"]
    assert starts(conference) == ["08:00", "08:05"]


def test_move_first_item_up_is_refused(conference):
    a = AgendaItemFactory(conference=conference, title="A")
    with pytest.raises(ValidationError) as error:
        agenda_item_move(item=a, direction="up")
    assert error_code(error.value) == "bad_move"


def test_reorder_puts_items_in_the_given_order(conference):
    a, b, c = (AgendaItemFactory(conference=conference, title=t) for t in "ABC")
    agenda_reorder(conference=conference, item_ids=[c.pk, a.pk, b.pk])
    assert titles(conference) == ["C", "A", "B"]
    assert [i.position for i in agenda_items(conference=conference)] == [1, 2, 3]


def test_reorder_with_stale_list_is_refused_and_order_unchanged(conference):
    _a, b = (AgendaItemFactory(conference=conference, title=t) for t in "AB")
    other = AgendaItemFactory(title="X")
    with pytest.raises(ValidationError) as error:
        agenda_reorder(conference=conference, item_ids=[b.pk, other.pk])
    assert error_code(error.value) == "stale_order"
    assert titles(conference) == ["A", "B"]


def test_delete_renumbers_and_recomputes(conference):
    a = AgendaItemFactory(conference=conference, title="A", duration_minutes=30)
    AgendaItemFactory(conference=conference, title="B")
    agenda_item_delete(item=a)
    assert titles(conference) == ["B"]
    assert starts(conference) == ["08:00"]
    assert AgendaItem.objects.get().position == 1


def test_changes_are_broadcast_only_after_commit(conference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        AgendaItemFactory(conference=conference)
        AgendaItemFactory(conference=conference)
    assert len(callbacks) == 2
