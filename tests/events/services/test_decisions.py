"""Polls and ballots: the electorate from check-in, open and secret votes,
idempotent casting, the close and its tally (events/services/decisions)."""

import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from core.errors import error_code
from events import ballot_crypto
from events.models import (
    CountedBallot,
    Decision,
    OpenBallot,
    PollStatus,
    PollVoter,
    SealedBallot,
    VotingProxy,
    VotingRules,
)
from events.services.decisions import (
    ballot_cast_open,
    ballot_cast_secret,
    new_receipt,
    poll_close,
    poll_create,
    poll_open,
    poll_voter_add,
)
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    """A conference whose three member units each sent a director and a
    specialist, all checked in."""
    conference = ConferenceFactory()
    units = sorted(conference.term.members.all(), key=lambda u: u.sort_key)
    delegates = {}
    for i, unit in enumerate(units):
        director = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"Lê Văn Giám {i}"
        )
        specialist = RegistrationFactory(
            conference=conference, unit=unit, full_name=f"Trần Thị Chuyên {i}"
        )
        for r in (director, specialist):
            check_in(r)
        delegates[unit.pk] = (director, specialist)
    return conference, units, delegates


def _decision(conference, kind="adopt", **kwargs):
    kwargs.setdefault("title", "Thông qua Báo cáo sơ kết 6 tháng đầu năm")
    return Decision.objects.create(conference=conference, kind=kind, **kwargs)


def _code(callable_, *args, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        callable_(*args, **kwargs)
    return error_code(excinfo.value)


def _yes(poll, *labels):
    return {str(c.pk): c.label in labels for c in poll.candidates.all()}


def test_opening_freezes_one_voter_per_unit_its_head_of_delegation(room):
    conference, units, delegates = room
    poll = poll_open(poll=poll_create(decision=_decision(conference)))
    voters = {v.unit_id: v.registration_id for v in poll.voters.all()}
    assert voters == {u.pk: delegates[u.pk][0].pk for u in units}  # the directors
    assert poll.status == PollStatus.OPEN
    assert poll.rule["base"] == "collected" and poll.rule["fraction"] == [1, 2]
    # A delegate checked in after the opening changes nothing.
    late = RegistrationFactory(conference=conference, unit=units[0], full_name="Vũ Văn Muộn")
    check_in(late)
    assert poll.voters.count() == 3


def test_a_recorded_proxy_casts_the_units_ballot(room):
    conference, units, delegates = room
    proxy = delegates[units[1].pk][1]
    VotingProxy.objects.create(
        conference=conference, unit=units[1], registration=proxy, authorisation="12/GUQ-SNV"
    )
    poll = poll_open(poll=poll_create(decision=_decision(conference)))
    voter = poll.voters.get(unit=units[1])
    assert (voter.registration_id, voter.proxy_note) == (proxy.pk, "12/GUQ-SNV")


def test_no_quorum_no_vote(room):
    conference, units, _delegates = room
    VotingRules.objects.create(
        cluster=conference.term.cluster, year=2026, quorum_numerator=1, quorum_denominator=1
    )
    conference.term.members.add(
        *[
            units[0].__class__.objects.create(
                cluster=conference.term.cluster,
                name="Sở Nội vụ tỉnh Vắng",
                short_name="Vắng",
                province=units[0].province,
            )
        ]
    )
    poll = poll_create(decision=_decision(conference))
    assert _code(poll_open, poll=poll) == "no_quorum"
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and poll.voters.count() == 0


def test_an_open_vote_counts_each_unit_once_and_passes_by_the_rule(room):
    conference, units, delegates = room
    poll = poll_open(poll=poll_create(decision=_decision(conference)))
    first = ballot_cast_open(
        poll=poll, registration=delegates[units[0].pk][0], choices=_yes(poll, poll.decision.title)
    )
    again = ballot_cast_open(poll=poll, registration=delegates[units[0].pk][0], choices=_yes(poll))
    assert first.created and not again.created and again.receipt == first.receipt
    ballot_cast_open(
        poll=poll, registration=delegates[units[1].pk][0], choices=_yes(poll, poll.decision.title)
    )
    assert (poll.voters.filter(voted=True).count(), poll.voters.count()) == (2, 3)
    poll = poll_close(poll=poll)
    assert (poll.entitled, poll.collected, poll.valid) == (3, 2, 2)
    line = poll.result["lines"][0]
    assert (line["votes"], line["percent"], line["outcome"]) == (2, "100.00", "passed")
    # The first ballot still says yes: a retry never changed it.
    assert OpenBallot.objects.get(receipt=first.receipt).choices == _yes(poll, poll.decision.title)


@pytest.mark.parametrize(
    ("who", "choices", "code"),
    [
        ("specialist", "yes", "not_in_electorate"),
        ("director", "two", "too_many_choices"),
        ("director", "unknown", "unknown_candidate"),
        ("director", "own", "self_vote"),
        ("director", "garbage", "bad_ballot"),
    ],
)
def test_bad_open_ballots_are_refused_and_nothing_is_counted(room, who, choices, code):
    conference, units, delegates = room
    poll = poll_open(poll=poll_create(decision=_decision(conference, kind="award", title="Cờ")))
    director, specialist = delegates[units[0].pk]
    others = [c for c in poll.candidates.all() if c.unit_id != units[0].pk]
    own = poll.candidates.get(unit=units[0])
    body = {
        "yes": {str(others[0].pk): True},
        "two": {str(others[0].pk): True, str(others[1].pk): True},
        "unknown": {"999999": True},
        "own": {str(own.pk): True},
        "garbage": {str(others[0].pk): "yes"},
    }[choices]
    registration = director if who == "director" else specialist
    assert _code(ballot_cast_open, poll=poll, registration=registration, choices=body) == code
    assert poll.open_ballots.count() == 0 and not poll.voters.filter(voted=True).exists()


def test_ballots_of_another_conference_or_after_the_close_are_refused(room):
    conference, units, delegates = room
    poll = poll_open(poll=poll_create(decision=_decision(conference)))
    stranger = RegistrationFactory(conference=ConferenceFactory(), full_name="Đỗ Văn Lạ")
    assert _code(ballot_cast_open, poll=poll, registration=stranger, choices={}) == (
        "wrong_conference"
    )
    poll_close(poll=poll)
    late = delegates[units[0].pk][0]
    assert _code(ballot_cast_open, poll=poll, registration=late, choices={}) == "poll_closed"
    assert _code(poll_close, poll=poll) == "poll_not_open"


def test_the_chair_adds_a_unit_whose_head_arrived_late(room):
    conference, units, _delegates = room
    newcomer = units[0].__class__.objects.create(
        cluster=conference.term.cluster,
        name="Sở Nội vụ tỉnh Đến Muộn",
        short_name="Đến Muộn",
        province=units[0].province,
    )
    conference.term.members.add(newcomer)
    poll = poll_open(poll=poll_create(decision=_decision(conference)))
    head = RegistrationFactory(
        conference=conference.__class__.objects.get(pk=conference.pk),
        unit=newcomer,
        role_code="director",
        full_name="Hà Văn Muộn",
    )
    voter = poll_voter_add(poll=poll, registration=head)
    assert voter.added_late and poll.voters.count() == 4
    assert _code(poll_voter_add, poll=poll, registration=head) == "already_voter"


def test_the_default_election_slate_follows_the_rotation(room):
    conference, units, _delegates = room
    term = conference.term
    poll = poll_create(decision=_decision(conference, kind="election", title="Bầu Cụm trưởng"))
    slate = [(c.office, c.unit_id) for c in poll.candidates.all()]
    order = [u.pk for u in units]
    after_deputy = order[(order.index(term.deputy_id) + 1) % len(order)]
    assert slate == [("chair", term.deputy_id), ("deputy", after_deputy)]


def test_a_tie_for_the_last_place_gives_a_new_round_among_the_tied(room):
    conference, units, delegates = room
    decision = _decision(conference, kind="award", title="Cờ thi đua", quota=1, max_choices=2)
    VotingRules.objects.create(cluster=conference.term.cluster, year=2026, self_vote=True)
    poll = poll_open(poll=poll_create(decision=decision))
    a, b, _c = [c.label for c in poll.candidates.all()]
    for unit in units:
        ballot_cast_open(poll=poll, registration=delegates[unit.pk][0], choices=_yes(poll, a, b))
    poll = poll_close(poll=poll)
    assert len(poll.result["tied"]) == 2 and poll.result["passed"] == []
    second = poll_create(decision=decision)
    assert second.round == 2 and [c.label for c in second.candidates.all()] == [a, b]


def _encrypt(poll, choices, receipt=None):
    payload = {"receipt": receipt or new_receipt(), "choices": choices}
    return ballot_crypto.encrypt_ballot(poll.public_key, payload, poll.pk), payload["receipt"]


def test_a_secret_vote_is_counted_from_ciphertexts_and_publishes_receipts(room):
    conference, units, delegates = room
    decision = _decision(conference, kind="award", title="Bằng khen", max_choices=2, secret=True)
    poll = poll_open(poll=poll_create(decision=decision))
    labels = [c.label for c in poll.candidates.all()]
    receipts = []
    for i, unit in enumerate(units):
        choice = _yes(poll, *[label for label in labels if label != unit.name][: i % 2 + 1])
        ciphertext, receipt = _encrypt(poll, choice)
        result = ballot_cast_secret(
            poll=poll, registration=delegates[unit.pk][0], ciphertext=ciphertext
        )
        assert result.created
        again = ballot_cast_secret(
            poll=poll, registration=delegates[unit.pk][0], ciphertext=ciphertext
        )
        assert not again.created  # a retry: already voted, nothing more stored
        receipts.append(receipt)
    assert SealedBallot.objects.filter(poll=poll).count() == 3
    poll = poll_close(poll=poll)
    assert sorted(poll.counted_ballots.values_list("receipt", flat=True)) == sorted(receipts)
    assert (poll.collected, poll.valid) == (3, 3)
    assert sum(line["votes"] for line in poll.result["lines"]) == 1 + 2 + 1
    assert SealedBallot.objects.filter(poll=poll).count() == 0
    assert poll.private_key_sealed is None


def test_bad_secret_ballots(room):
    conference, units, delegates = room
    poll = poll_open(poll=poll_create(decision=_decision(conference, secret=True)))
    other = poll_open(
        poll=poll_create(decision=_decision(conference, title="Quy chế", secret=True))
    )
    a, b, c = (delegates[u.pk][0] for u in units)
    assert _code(ballot_cast_secret, poll=poll, registration=a, ciphertext=b"x" * 10) == (
        "bad_ballot"
    )
    ciphertext, _receipt = _encrypt(poll, _yes(poll, poll.decision.title))
    assert ballot_cast_secret(poll=poll, registration=a, ciphertext=ciphertext).created
    # Another unit replaying a captured ciphertext is refused, and not marked.
    assert _code(ballot_cast_secret, poll=poll, registration=b, ciphertext=ciphertext) == (
        "replayed"
    )
    assert not PollVoter.objects.get(poll=poll, registration=b).voted
    # A ciphertext of another poll is accepted as bytes but counts as invalid.
    foreign, _r = _encrypt(other, _yes(other, other.decision.title))
    assert ballot_cast_secret(poll=poll, registration=b, ciphertext=foreign).created
    # Too many choices inside the ciphertext: invalid at the close, as on paper.
    crowded = {str(poll.candidates.get().pk): True, "424242": True}
    ballot_cast_secret(poll=poll, registration=c, ciphertext=_encrypt(poll, crowded)[0])
    poll = poll_close(poll=poll)
    assert (poll.collected, poll.valid) == (3, 1)
    assert poll.result["lines"][0]["votes"] == 1


def _world(room, assignment):
    """Run one secret vote where unit i approves candidate assignment[i];
    return everything the database holds about it, ids aside."""
    conference, units, delegates = room
    decision = _decision(conference, kind="award", title="Cờ", secret=True)
    VotingRules.objects.update_or_create(
        cluster=conference.term.cluster, year=2026, defaults={"self_vote": True}
    )
    poll = poll_open(poll=poll_create(decision=decision))
    candidates = list(poll.candidates.all())
    for unit, pick in zip(units, assignment, strict=True):
        choice = {str(c.pk): i == pick for i, c in enumerate(candidates)}
        ballot_cast_secret(
            poll=poll, registration=delegates[unit.pk][0], ciphertext=_encrypt(poll, choice)[0]
        )
    poll_close(poll=poll)
    position = {c.pk: c.position for c in candidates}

    def norm(choices):
        return json.dumps(sorted((position[int(k)], v) for k, v in choices.items()))

    return {
        "voters": sorted(
            PollVoter.objects.filter(poll=poll).values_list("unit_id", "registration_id", "voted")
        ),
        "ballots": sorted(
            (norm(b.choices), b.valid) for b in CountedBallot.objects.filter(poll=poll)
        ),
        "sealed": SealedBallot.objects.filter(poll=poll).count(),
        "key": poll.__class__.objects.get(pk=poll.pk).private_key_sealed,
        "voter_fields": sorted(f.name for f in PollVoter._meta.get_fields()),
        "ballot_fields": sorted(f.name for f in CountedBallot._meta.get_fields()),
    }


def test_after_a_secret_vote_the_database_cannot_tell_who_chose_what(room):
    """Two worlds: units A, B, C approve candidates 1, 2, 3, or 3, 1, 2. With
    full access to the database after the close, the two are the same: no
    row, field or key tells which unit cast which ballot."""
    first = _world(room, [0, 1, 2])
    second = _world(room, [2, 0, 1])
    assert first == second
    assert first["sealed"] == 0 and first["key"] is None
    assert "created_at" not in first["ballot_fields"] and "voter" not in first["ballot_fields"]


@pytest.mark.django_db(transaction=True)
def test_two_phones_of_one_unit_voting_at_once_cast_exactly_one_ballot():
    conference = ConferenceFactory()
    director = RegistrationFactory(conference=conference, role_code="director")
    check_in(director)
    VotingRules.objects.create(
        cluster=conference.term.cluster, year=2026, quorum_numerator=1, quorum_denominator=3
    )
    poll = poll_open(poll=poll_create(decision=_decision(conference, secret=True)))
    ciphertexts = [_encrypt(poll, _yes(poll, poll.decision.title))[0] for _ in range(4)]
    barrier = threading.Barrier(4)
    created = []

    def cast(ciphertext):
        try:
            barrier.wait()
            created.append(
                ballot_cast_secret(poll=poll, registration=director, ciphertext=ciphertext).created
            )
        finally:
            close_old_connections()

    threads = [threading.Thread(target=cast, args=(c,)) for c in ciphertexts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False, False, False, True]
    assert SealedBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_ballots_cast_while_the_chair_closes_are_counted_or_refused_never_lost(room):
    conference, _units, delegates = room
    VotingRules.objects.create(cluster=conference.term.cluster, year=2026, ballot_per="delegate")
    poll = poll_open(poll=poll_create(decision=_decision(conference, secret=True)))
    people = [person for pair in delegates.values() for person in pair]
    ballots = [_encrypt(poll, _yes(poll, poll.decision.title)) for _ in people]
    barrier = threading.Barrier(len(people) + 1)
    accepted, refused = [], []

    def cast(person, ciphertext, receipt):
        try:
            barrier.wait()
            ballot_cast_secret(poll=poll, registration=person, ciphertext=ciphertext)
            accepted.append(receipt)
        except ValidationError as error:
            refused.append(error_code(error))
        finally:
            close_old_connections()

    def close():
        try:
            barrier.wait()
            poll_close(poll=poll)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=cast, args=(person, *ballot))
        for person, ballot in zip(people, ballots, strict=True)
    ]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    assert set(refused) <= {"poll_closed"} and len(accepted) + len(refused) == len(people)
    # Every ballot the server accepted is in the count, and only those.
    counted = sorted(CountedBallot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert counted == sorted(accepted)
    assert poll.collected == len(accepted) == poll.voters.filter(voted=True).count()
    assert not SealedBallot.objects.filter(poll=poll).exists()
