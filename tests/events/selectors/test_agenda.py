import json

import pytest
from django.utils import translation

from events.selectors.agenda import (
    agenda_kind_labels,
    agenda_snapshot,
    agenda_snapshot_json,
    agenda_snapshot_labelled,
)
from events.services.agenda_live import agenda_shift, agenda_start_next
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(conference):
    AgendaItemFactory(conference=conference, kind="opening", title="Khai mạc", duration_minutes=10)
    AgendaItemFactory(conference=conference, kind="report", title="Báo cáo", duration_minutes=20)
    agenda_start_next(conference=conference)
    agenda_shift(conference=conference, minutes=5)
    return conference


def test_snapshot_json_is_the_same_text_whatever_the_active_language(agenda):
    with translation.override("en"):
        english = agenda_snapshot_json(conference=agenda)
    with translation.override("vi"):
        vietnamese = agenda_snapshot_json(conference=agenda)
    assert english == vietnamese


def test_snapshot_items_carry_codes_and_no_translated_text(agenda):
    with translation.override("en"):
        items = json.loads(agenda_snapshot_json(conference=agenda))["items"]
    assert [(i["kind"], i["status"], i["delay"]) for i in items] == [
        ("opening", "running", 0),
        ("report", "planned", 5),
    ]
    assert all("kind_label" not in item for item in items)


def test_kind_labels_follow_the_active_language():
    with translation.override("en"):
        english = agenda_kind_labels()
    with translation.override("vi"):
        vietnamese = agenda_kind_labels()
    assert (english["report"], english["covenant_signing"]) == ("Report", "Covenant signing")
    assert (vietnamese["report"], vietnamese["covenant_signing"]) == (
        "Báo cáo",
        "Ký kết giao ước thi đua",
    )
    assert english.keys() == vietnamese.keys()


def test_labelled_snapshot_adds_kind_labels_in_the_active_language(agenda):
    with translation.override("en"):
        labelled = agenda_snapshot_labelled(conference=agenda)
    neutral = agenda_snapshot(conference=agenda)
    assert [i["kind_label"] for i in labelled["items"]] == ["Opening", "Report"]
    assert [{k: v for k, v in i.items() if k != "kind_label"} for i in labelled["items"]] == (
        neutral["items"]
    )
