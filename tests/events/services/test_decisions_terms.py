"""An election's result writes next year's cluster term when the organizer
confirms it (events/services/decisions/terms.py)."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import error_code
from events.models import ActivityLog, ClusterTerm, Decision
from events.services.clusters import term_create
from events.services.decisions import (
    PaperCounts,
    ballot_cast_open,
    election_term_confirm,
    poll_close,
    poll_create,
    poll_open,
    poll_paper_enter,
)
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    conference = ConferenceFactory()
    units = sorted(conference.term.members.all(), key=lambda u: u.sort_key)
    heads = {}
    for i, unit in enumerate(units):
        head = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"Lê Văn Giám {i}"
        )
        check_in(head)
        heads[unit.pk] = head
    return conference, units, heads


def _election(conference, candidates=None, max_choices=2):
    decision = Decision.objects.create(
        conference=conference,
        kind="election",
        title="Bầu Cụm trưởng, Cụm phó năm 2027",
        max_choices=max_choices,
    )
    return poll_open(poll=poll_create(decision=decision, candidates=candidates))


def _elected_by_phones(room):
    """The rotation's slate; every unit agrees with every line but its own."""
    conference, _units, heads = room
    poll = _election(conference)
    lines = list(poll.candidates.all())
    for unit_id, head in heads.items():
        choices = {str(c.pk): c.unit_id != unit_id for c in lines}
        ballot_cast_open(poll=poll, registration=head, choices=choices)
    return poll_close(poll=poll), lines


def _code(callable_, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        callable_(**kwargs)
    return error_code(excinfo.value)


def test_confirming_an_election_writes_next_years_term_once(room):
    conference, units, _heads = room
    poll, (chair_line, deputy_line) = _elected_by_phones(room)
    assert [line["outcome"] for line in poll.result["lines"]] == ["passed", "passed"]

    term = election_term_confirm(poll=poll)
    again = election_term_confirm(poll=poll)

    assert again.pk == term.pk
    assert (term.cluster_id, term.year) == (conference.term.cluster_id, 2027)
    assert (term.chair, term.deputy) == (chair_line.unit, deputy_line.unit)
    assert term.chair == conference.term.deputy  # last year's deputy chairs next
    assert set(term.members.all()) == set(units)
    entries = ActivityLog.objects.filter(action="cluster_term.elected")
    assert [e.data["year"] for e in entries] == [2027]


def test_a_term_that_already_has_other_officers_is_named_and_kept(room):
    conference, units, _heads = room
    poll, (chair_line, _deputy_line) = _elected_by_phones(room)
    others = [u for u in units if u != chair_line.unit]
    existing = term_create(
        cluster=conference.term.cluster,
        year=2027,
        chair=others[0],
        deputy=chair_line.unit,
        members=units,
    )

    with pytest.raises(ValidationError) as excinfo:
        election_term_confirm(poll=poll)

    assert error_code(excinfo.value) == "term_exists"
    assert others[0].name in excinfo.value.messages[0]
    existing.refresh_from_db()
    assert (existing.chair, existing.deputy) == (others[0], chair_line.unit)
    assert ClusterTerm.objects.filter(year=2027).count() == 1


def _paper_election(room, *votes, max_choices=3):
    """Two candidates for chair, one for deputy, counted on paper only."""
    conference, units, _heads = room
    poll = _election(
        conference,
        candidates=[
            {"label": units[0].name, "unit": units[0], "office": "chair"},
            {"label": units[1].name, "unit": units[1], "office": "chair"},
            {"label": units[2].name, "unit": units[2], "office": "deputy"},
        ],
        max_choices=max_choices,
    )
    poll = poll_close(poll=poll)
    lines = [c.pk for c in poll.candidates.all()]
    counts = PaperCounts(
        issued=3, collected=3, valid=3, invalid=0, votes=dict(zip(lines, votes, strict=True))
    )
    return poll_paper_enter(poll=poll, counts=counts)


def test_a_tie_for_an_office_is_refused(room):
    poll = _paper_election(room, 2, 2, 2)  # both chair candidates pass with 2 of 3
    assert _code(election_term_confirm, poll=poll) == "election_tied"
    assert not ClusterTerm.objects.filter(year=2027).exists()


def test_an_office_nobody_won_is_refused(room):
    poll = _paper_election(room, 3, 0, 1)  # the deputy has 1 of 3
    assert _code(election_term_confirm, poll=poll) == "election_unresolved"
    assert not ClusterTerm.objects.filter(year=2027).exists()


def test_the_candidate_with_most_votes_takes_the_office(room):
    _conference, units, _heads = room
    poll = _paper_election(room, 2, 3, 2)
    term = election_term_confirm(poll=poll)
    assert (term.chair, term.deputy) == (units[1], units[2])


def test_only_a_closed_election_writes_a_term(room):
    conference, _units, _heads = room
    motion = Decision.objects.create(conference=conference, kind="adopt", title="Quy chế")
    motion_poll = poll_close(poll=poll_open(poll=poll_create(decision=motion)))
    assert _code(election_term_confirm, poll=motion_poll) == "not_election"
    assert _code(election_term_confirm, poll=_election(conference)) == "poll_not_closed"


def test_once_the_term_is_written_the_paper_count_cannot_change_it(room):
    poll = _paper_election(room, 3, 0, 2)
    election_term_confirm(poll=poll)
    lines = [c.pk for c in poll.candidates.all()]
    counts = PaperCounts(
        issued=3, collected=3, valid=3, invalid=0, votes=dict(zip(lines, [0, 3, 2], strict=True))
    )
    assert (
        _code(poll_paper_enter, poll=poll, counts=counts, reason="Đếm lại") == "paper_term_written"
    )
