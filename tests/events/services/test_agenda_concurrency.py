"""Two chairs tap "start next" at the same moment on the same screen: the
state row lock lets exactly one through; the other is told the agenda moved."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.errors import error_code
from events.selectors.agenda import agenda_items, agenda_version
from events.services.agenda_live import agenda_start_next
from tests.factories import AgendaItemFactory, ConferenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_taps_on_the_same_version_start_exactly_one_item():
    conference = ConferenceFactory()
    for title in ("Khai mạc", "Báo cáo", "Bế mạc"):
        AgendaItemFactory(conference=conference, title=title)
    seen = agenda_version(conference=conference)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def tap():
        try:
            barrier.wait()
            agenda_start_next(conference=conference, expected_version=seen)
            outcomes.append("started")
        except ValidationError as error:
            outcomes.append(error_code(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["stale_version", "stale_version", "stale_version", "started"]
    assert [i.status for i in agenda_items(conference=conference)] == [
        "running",
        "planned",
        "planned",
    ]
    assert agenda_version(conference=conference) == seen + 1
