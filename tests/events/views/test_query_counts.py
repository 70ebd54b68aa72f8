"""List pages cost the same number of queries for 1 row as for 10
(pretalx's test_schedule.py idea): no query per unit, delegate or liaison."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import StaffRole
from events.services.checkin import checkin_list_main, checkin_perform
from events.services.liaisons import liaison_invite
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    ConferenceFactory,
    MemberUnitFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db
ROWS = [1, 10]


def _conference(units: int):
    """A conference of ``units`` member units, each with a liaison, two
    approved delegates, one of whom has checked in."""
    cluster = ClusterFactory()
    members = [MemberUnitFactory(cluster=cluster) for _ in range(max(units, 2))]
    term = ClusterTermFactory(
        cluster=cluster, chair=members[0], deputy=members[1], members=members[:units]
    )
    conference = ConferenceFactory(term=term)
    main = checkin_list_main(conference=conference)
    for i, unit in enumerate(members[:units]):
        liaison_invite(
            conference=conference,
            unit=unit,
            email=f"lienlac{i}@example.vn",
            name=f"Người liên lạc {i}",
            invited_by=None,
            send_email=False,
        )
        here = RegistrationFactory(conference=conference, unit=unit, full_name=f"Trần Văn An {i}")
        RegistrationFactory(conference=conference, unit=unit, full_name=f"Lê Thị Bình {i}")
        checkin_perform(conference=conference, checkin_list=main, code=here.code, nonce=f"n{i}")
    return conference


def _queries(client, url: str) -> tuple[int, bytes]:
    client.get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content


def _counts(make_member, role, url_name, rows=ROWS):
    counts, pages = [], []
    for n in rows:
        conference = _conference(n)
        client, _user = make_member(conference, role)
        count, page = _queries(client, reverse(url_name, kwargs={"slug": conference.slug}))
        counts.append(count)
        pages.append(page.decode())
    return counts, pages


def test_liaison_list_query_count_does_not_grow_with_units(make_member):
    counts, pages = _counts(make_member, StaffRole.ORGANIZER, "events:liaison_list")

    assert "lienlac9@example.vn" in pages[1]
    assert counts[0] == counts[1], counts


def test_attendance_board_query_count_does_not_grow_with_delegates(make_member):
    counts, pages = _counts(make_member, StaffRole.ORGANIZER, "events:attendance")

    assert "Lê Thị Bình 9" in pages[1]  # listed as missing
    assert counts[0] == counts[1], counts


def test_attendance_socket_admission_query_count_does_not_grow(make_member):
    # The attendance socket sends no first payload (the page holds the
    # board); admitting it is its only database work, run here on this thread.
    from events.consumers import attendance

    counts = []
    for n in ROWS:
        conference = _conference(n)
        _client, user = make_member(conference, StaffRole.ORGANIZER)
        with CaptureQueriesContext(connection) as queries:
            access = attendance._access.func(user, conference.slug)
        counts.append(len(queries))
        assert access == (conference.pk, None)

    assert counts[0] == counts[1], counts
