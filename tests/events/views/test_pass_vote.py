"""The delegate's pass page points to the open vote they are in the
electorate of, and says when their ballot is cast (#13 item 5)."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Decision
from events.services.decisions import ballot_cast_open, poll_close, poll_create, poll_open
from tests.events.decisions_world import checked_in_heads
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    conference = ConferenceFactory()
    heads = checked_in_heads(conference, name="Lê Văn")
    specialist = RegistrationFactory(
        conference=conference, unit=heads[0].unit, full_name="Trần Thị Chuyên"
    )
    return conference, heads, specialist


def _pass(registration) -> str:
    client = Client()
    client.cookies["django_language"] = "en"
    return client.get(reverse("events:pass_by_code", args=[registration.code])).content.decode()


def _vote_link(registration) -> str:
    return f'href="{reverse("events:vote", kwargs={"slug": registration.conference.slug})}"'


def _motion(conference, title="Thông qua Báo cáo sơ kết"):
    decision = Decision.objects.create(conference=conference, kind="adopt", title=title)
    return poll_open(poll=poll_create(decision=decision))


def test_the_pass_of_a_voter_links_to_the_open_vote(room):
    conference, heads, _specialist = room
    _motion(conference)

    page = _pass(heads[0])

    assert "Thông qua Báo cáo sơ kết" in page and "Vote now" in page
    assert _vote_link(heads[0]) in page
    assert f"You vote for {heads[0].unit.name}." in page


def test_a_delegate_outside_the_electorate_sees_no_vote(room):
    conference, _heads, specialist = room
    _motion(conference)

    page = _pass(specialist)

    assert "Thông qua Báo cáo sơ kết" not in page and _vote_link(specialist) not in page


def test_after_voting_the_pass_says_so_and_points_to_the_next_open_vote(room):
    conference, heads, _specialist = room
    first = _motion(conference, "Thông qua Báo cáo sơ kết")
    line = first.candidates.get()
    ballot_cast_open(poll=first, registration=heads[0], choices={str(line.pk): True})

    assert "You have cast your ballot." in _pass(heads[0])

    _motion(conference, "Thông qua Quy chế hoạt động")
    page = _pass(heads[0])
    assert "Thông qua Quy chế hoạt động" in page and "Vote now" in page


def test_once_the_vote_closes_the_pass_no_longer_shows_it(room):
    conference, heads, _specialist = room
    poll_close(poll=_motion(conference))
    assert "Thông qua Báo cáo sơ kết" not in _pass(heads[0])
