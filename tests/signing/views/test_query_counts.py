"""The signing console and the grid socket's first payload cost the same
number of queries for 1 signatory as for 10, half of them signed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import StaffRole
from signing import consumers
from signing.audit import RequestMeta
from signing.services import ceremony_open, ceremony_setup, covenant_update
from tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    ConferenceFactory,
    MemberUnitFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.signing.conftest import BODY, sign_by_kiosk, signature_png

pytestmark = pytest.mark.django_db
ROWS = [1, 10]


def _ceremony(units: int):
    """An open ceremony with one director per unit; every second one signed."""
    cluster = ClusterFactory()
    members = [MemberUnitFactory(cluster=cluster) for _ in range(max(units, 2))]
    term = ClusterTermFactory(
        cluster=cluster, chair=members[0], deputy=members[1], members=members[:units]
    )
    conference = ConferenceFactory(term=term)
    for i, unit in enumerate(members[:units]):
        RegistrationFactory(
            conference=conference, unit=unit, full_name=f"Lê Văn Hội {i}", role_code="director"
        )
    ceremony = ceremony_setup(conference=conference)
    covenant_update(ceremony=ceremony, body=BODY)
    ceremony = ceremony_open(ceremony=ceremony)
    meta = RequestMeta(user=UserFactory(), ip="10.0.0.1", user_agent="pytest")
    for signatory in list(ceremony.signatories.order_by("position"))[::2]:
        sign_by_kiosk(ceremony, signatory, signature_png(), meta)
    return ceremony


def test_signing_console_query_count_does_not_grow_with_signatories(make_member):
    counts, pages = [], []
    for n in ROWS:
        conference = _ceremony(n).covenant.conference
        client, _user = make_member(conference, StaffRole.CHAIR)
        url = reverse("signing:console", kwargs={"slug": conference.slug})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        pages.append(response.content.decode())

    assert "Lê Văn Hội 9" in pages[1]
    assert counts[0] == counts[1], counts


def test_signing_socket_first_payload_query_count_does_not_grow():
    # What SigningGridConsumer.connect sends first, run on this thread so
    # that its queries are counted (the socket runs it on a worker thread).
    counts, payloads = [], []
    for n in ROWS:
        conference = _ceremony(n).covenant.conference
        with CaptureQueriesContext(connection) as queries:
            payloads.append(consumers._payload.func(conference))
        counts.append(len(queries))

    assert [(p["signed"], p["total"]) for p in payloads] == [(1, 1), (5, 10)]
    assert counts[0] == counts[1], counts
