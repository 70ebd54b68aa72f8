from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import error_code
from events.models import ConferenceKind
from events.selectors.agenda import agenda_items
from events.services.agenda_live import agenda_start_next
from events.services.agenda_templates import agenda_copy_from, agenda_load_starter
from tests.factories import TZ, AgendaItemFactory, ClusterTermFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def test_starter_agenda_follows_the_typical_order_for_a_covenant_signing(conference):
    agenda_load_starter(conference=conference)
    items = list(agenda_items(conference=conference))
    assert [(i.kind, timezone.localtime(i.planned_start).strftime("%H:%M")) for i in items] == [
        ("welcome", "08:00"),
        ("opening", "08:15"),
        ("opening", "08:25"),
        ("report", "08:35"),
        ("adoption", "08:55"),
        ("contributions", "09:10"),
        ("guest_speech", "09:31"),
        ("covenant_signing", "09:46"),
        ("closing", "10:01"),
    ]
    assert items[-2].title == "Ký kết giao ước thi đua"


def test_starter_agenda_of_a_yearend_review_has_a_ballot_and_no_signing():
    conference = ConferenceFactory(kind=ConferenceKind.YEAREND_REVIEW)
    agenda_load_starter(conference=conference)
    kinds = [i.kind for i in agenda_items(conference=conference)]
    assert "ballot" in kinds
    assert "covenant_signing" not in kinds


def test_starter_agenda_is_refused_once_the_meeting_started(conference):
    AgendaItemFactory(conference=conference, title="Khai mạc")
    agenda_start_next(conference=conference)
    with pytest.raises(ValidationError) as error:
        agenda_load_starter(conference=conference)
    assert error_code(error.value) == "agenda_started"
    assert [i.title for i in agenda_items(conference=conference)] == ["Khai mạc"]


def test_copy_from_an_earlier_conference_keeps_order_durations_and_time_of_day():
    term = ClusterTermFactory()
    earlier = ConferenceFactory(
        term=term,
        starts_at=datetime(2025, 7, 22, 8, 0, tzinfo=TZ),
        ends_at=datetime(2025, 7, 22, 11, 0, tzinfo=TZ),
    )
    later = ConferenceFactory(term=term)
    AgendaItemFactory(conference=earlier, title="Báo cáo", duration_minutes=20)
    AgendaItemFactory(
        conference=earlier,
        title="Ký kết",
        duration_minutes=15,
        pinned_start=datetime(2025, 7, 22, 9, 30, tzinfo=TZ),
        presenter_unit=term.chair,
    )
    agenda_copy_from(conference=later, source=earlier)
    copied = list(agenda_items(conference=later))
    assert [
        (i.title, timezone.localtime(i.planned_start).isoformat(), i.presenter_unit_id)
        for i in copied
    ] == [
        ("Báo cáo", "2026-03-20T08:00:00+07:00", None),
        ("Ký kết", "2026-03-20T09:30:00+07:00", term.chair.pk),
    ]


def test_copy_from_another_cluster_is_refused():
    other = ConferenceFactory(
        starts_at=datetime(2025, 1, 1, 8, tzinfo=TZ), ends_at=datetime(2025, 1, 1, 9, tzinfo=TZ)
    )
    target = ConferenceFactory()
    AgendaItemFactory(conference=other)
    with pytest.raises(ValidationError) as error:
        agenda_copy_from(conference=target, source=other)
    assert error_code(error.value) == "bad_source"
    assert list(agenda_items(conference=target)) == []
