"""The console after the close: the paper-count form (labelled, refused
counts come back with the committee's numbers and the reason), and an
election's result written as next year's term by the organizer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import ActivityLog, ClusterTerm, Decision, StaffRole
from events.services.decisions import ballot_cast_open, poll_close, poll_create, poll_open
from tests.events.decisions_world import checked_in_heads
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    conference = ConferenceFactory()
    heads = {head.unit_id: head for head in checked_in_heads(conference, name="Lê Văn")}
    return conference, heads


def _client(conference, role):
    user = MembershipFactory(conference=conference, role=role).user
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"  # new strings: assert the msgid
    return client


def _closed(conference, heads, kind="adopt", **kwargs):
    decision = Decision.objects.create(
        conference=conference, kind=kind, title=kwargs.pop("title", "Thông qua Quy chế"), **kwargs
    )
    poll = poll_open(poll=poll_create(decision=decision))
    lines = list(poll.candidates.all())
    on_ballot = {c.unit_id for c in lines}
    head = next(h for h in heads.values() if h.unit_id not in on_ballot)  # votes for every line
    ballot_cast_open(
        poll=poll, registration=head, choices={str(c.pk): c.unit_id != head.unit_id for c in lines}
    )
    return poll_close(poll=poll)


def _console(client, conference) -> str:
    return client.get(
        reverse("events:decisions", kwargs={"slug": conference.slug})
    ).content.decode()


def _paper_url(conference, poll):
    return reverse("events:poll_paper", kwargs={"slug": conference.slug, "poll_id": poll.pk})


def _post(poll, issued, collected, valid, invalid, *votes, **extra):
    prefix = f"paper-{poll.pk}-"
    data = {
        prefix + k: v
        for k, v in zip(
            ("issued", "collected", "valid", "invalid"),
            (issued, collected, valid, invalid),
            strict=True,
        )
    }
    for candidate, n in zip(poll.candidates.all(), votes, strict=True):
        data[f"{prefix}line_{candidate.pk}"] = n
    data.update({prefix + k: v for k, v in extra.items()})
    return data


def test_the_console_shows_a_labelled_paper_form_under_a_closed_vote(room):
    conference, heads = room
    poll = _closed(conference, heads)
    page = _console(_client(conference, StaffRole.CHAIR), conference)

    labels = dict(re.findall(r'<label for="(id_paper-\d+-[a-z_0-9]+)">([^<]+)</label>', page))
    prefix = f"id_paper-{poll.pk}-"
    assert labels == {
        prefix + "issued": "Paper ballots issued",
        prefix + "collected": "Paper ballots collected",
        prefix + "valid": "Valid paper ballots",
        prefix + "invalid": "Invalid paper ballots",
        f"{prefix}line_{poll.candidates.get().pk}": "Thông qua Quy chế",
    }
    assert "1 of 3 voters voted on a phone: paper ballots can go to at most 2 others." in page


def test_the_chair_enters_paper_counts_and_the_result_counts_them(room):
    conference, heads = room
    poll = _closed(conference, heads)
    client = _client(conference, StaffRole.CHAIR)

    response = client.post(_paper_url(conference, poll), _post(poll, 2, 2, 1, 1, 1), follow=True)

    page = response.content.decode()
    assert "Paper counts saved; the result now counts them." in page
    assert "Paper ballots counted: issued 2, collected 2, valid 1, invalid 1." in page
    assert "Entitled 3, ballots collected 3, valid 2." in page
    assert "66.67" in page
    poll.refresh_from_db()
    assert (poll.issued, poll.collected, poll.valid) == (3, 3, 2)
    assert ActivityLog.objects.get(action="poll.paper_entered").actor.email


def test_counts_that_do_not_add_up_come_back_with_the_numbers_typed(room):
    conference, heads = room
    poll = _closed(conference, heads)
    client = _client(conference, StaffRole.CHAIR)

    response = client.post(_paper_url(conference, poll), _post(poll, 2, 2, 2, 1, 1))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Valid (2) and invalid (1) ballots do not add up to collected (2)." in page
    assert re.search(rf'name="paper-{poll.pk}-invalid" value="1"', page)
    assert '<details class="paper-entry" open>' in page
    poll.refresh_from_db()
    assert (poll.collected, poll.valid) == (1, 1) and "paper" not in poll.result


def test_a_correction_asks_for_its_reason(room):
    conference, heads = room
    poll = _closed(conference, heads)
    client = _client(conference, StaffRole.CHAIR)
    client.post(_paper_url(conference, poll), _post(poll, 2, 2, 2, 0, 2))

    page = _console(client, conference)
    assert "Correct the paper counts" in page and "Reason for the correction" in page
    assert re.search(rf'name="paper-{poll.pk}-valid" value="2"', page)  # prefilled

    refused = client.post(_paper_url(conference, poll), _post(poll, 2, 2, 2, 0, 0))
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    client.post(_paper_url(conference, poll), _post(poll, 2, 2, 2, 0, 0, reason="Đếm lại"))
    page = _console(client, conference)
    assert "Corrected 1 time; last reason: Đếm lại." in page


def test_check_in_staff_cannot_enter_paper_counts(room):
    conference, heads = room
    poll = _closed(conference, heads)
    client = Client()
    client.force_login(MembershipFactory(conference=conference, role=StaffRole.CHECKIN).user)
    response = client.post(_paper_url(conference, poll), _post(poll, 2, 2, 2, 0, 2))
    assert response.status_code == 403
    poll.refresh_from_db()
    assert "paper" not in poll.result


def test_the_organizer_confirms_the_election_and_next_years_term_is_written(room):
    conference, heads = room
    poll = _closed(conference, heads, kind="election", title="Bầu Cụm trưởng", max_choices=2)
    chair_line, deputy_line = poll.candidates.all()
    # One phone vote is 1 of 1 collected: both lines pass.
    organizer = _client(conference, StaffRole.ORGANIZER)
    page = _console(organizer, conference)
    assert (
        f"Elected for 2027: chair unit (Cụm trưởng) {chair_line.unit.name}, "
        f"deputy (Cụm phó) {deputy_line.unit.name}."
    ) in page
    assert "Confirm and write the 2027 term" in page
    chair_page = _console(_client(conference, StaffRole.CHAIR), conference)
    assert "An organizer confirms the result to write next year's term." in chair_page

    url = reverse("events:poll_next_term", kwargs={"slug": conference.slug, "poll_id": poll.pk})
    response = organizer.post(url, follow=True)
    organizer.post(url)

    page = response.content.decode()
    assert f"The 2027 term is recorded: chair {chair_line.unit.name}" in page
    term = ClusterTerm.objects.get(cluster=conference.term.cluster, year=2027)
    assert (term.chair, term.deputy) == (chair_line.unit, deputy_line.unit)
    assert ActivityLog.objects.filter(action="cluster_term.elected").count() == 1
    assert _client(conference, StaffRole.CHAIR).post(url).status_code == 403
