"""Opening, widening and closing a poll. The electorate is frozen from
check-in when the chair opens it; a closed poll never changes."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import ballot_crypto
from events.models import Checkin, Registration, RegistrationStatus
from events.models.decisions import (
    SMALL_ELECTORATE,
    BallotPer,
    CountedBallot,
    Decision,
    DecisionKind,
    Poll,
    PollCandidate,
    PollStatus,
    PollVoter,
    SealedBallot,
    VotingProxy,
)
from events.selectors.decisions import unit_heads
from events.services.activity import activity_record
from events.services.decisions.progress import VOTES_TOPIC, broadcast_progress
from events.services.decisions.rules import rule_snapshot, voting_rules_for
from events.tally import Totals, rule_of, tally


def poll_locked(poll: Poll) -> Poll:
    """``poll`` read afresh under its row lock, with its decision and conference."""
    return Poll.objects.select_for_update().select_related("decision__conference").get(pk=poll.pk)


def poll_create(*, decision: Decision, candidates: list[dict] | None = None, actor=None) -> Poll:
    """A new round of ``decision`` with its ballot lines (the previous
    round's, or the defaults of its kind, unless ``candidates`` are given:
    ``[{"label", "unit"?, "office"?}]``)."""
    with transaction.atomic():
        previous = decision.polls.order_by("-round").first()
        if previous is not None and previous.status != PollStatus.CLOSED:
            raise DomainError(_("The previous round is not closed yet."), code="poll_not_closed")
        poll = Poll.objects.create(
            decision=decision,
            round=(previous.round + 1) if previous else 1,
            secret=decision.secret,
        )
        if candidates is None:
            candidates = _default_candidates(decision, previous)
        PollCandidate.objects.bulk_create(
            PollCandidate(
                poll=poll,
                position=i,
                label=c["label"],
                unit=c.get("unit"),
                office=c.get("office", ""),
            )
            for i, c in enumerate(candidates, start=1)
        )
        activity_record(
            conference=decision.conference,
            actor=actor,
            action="poll.created",
            obj=decision,
            data={"round": poll.round, "candidates": len(candidates)},
        )
    return poll


def _default_candidates(decision: Decision, previous: Poll | None) -> list[dict]:
    if previous is not None:
        lines = previous.candidates.all()
        tied = set((previous.result or {}).get("tied", []))
        if tied:  # a new round among the tied
            lines = [c for c in lines if c.pk in tied]
        return [{"label": c.label, "unit": c.unit, "office": c.office} for c in lines]
    if decision.kind == DecisionKind.ADOPT:
        return [{"label": decision.title}]
    term = decision.conference.term
    members = sorted(term.members.all(), key=lambda u: u.sort_key)
    if decision.kind == DecisionKind.AWARD:
        return [{"label": u.name, "unit": u} for u in members]
    # Election by rotation: last year's deputy becomes chair, the next unit
    # in order after it becomes deputy.
    order = [u.pk for u in members]
    chair = term.deputy
    if chair.pk in order:
        deputy = members[(order.index(chair.pk) + 1) % len(members)]
    else:
        deputy = members[0]
    return [
        {"label": chair.name, "unit": chair, "office": "chair"},
        {"label": deputy.name, "unit": deputy, "office": "deputy"},
    ]


def _present(conference) -> list[Registration]:
    checked_in = Checkin.objects.filter(
        registration=OuterRef("pk"), checkin_list__conference=conference
    )
    return list(
        Registration.objects.filter(
            conference=conference, status=RegistrationStatus.APPROVED, unit__isnull=False
        )
        .filter(Exists(checked_in))
        .select_related("role", "unit")
    )


def _electorate(decision: Decision, ballot_per: str) -> list[PollVoter]:
    conference = decision.conference
    members = set(conference.term.members.values_list("pk", flat=True))
    present = [r for r in _present(conference) if r.unit_id in members]
    if ballot_per == BallotPer.DELEGATE:
        return [PollVoter(unit=None, registration=r) for r in present]
    proxies = {
        p.unit_id: p
        for p in VotingProxy.objects.filter(conference=conference).select_related("registration")
    }
    present_ids = {r.pk for r in present}
    heads = {
        unit_id: PollVoter(unit_id=unit_id, registration=r)
        for unit_id, r in unit_heads(present).items()
    }
    for unit_id, proxy in proxies.items():
        if proxy.registration_id in present_ids and unit_id in members:
            heads[unit_id] = PollVoter(
                unit_id=unit_id, registration=proxy.registration, proxy_note=proxy.authorisation
            )
    return list(heads.values())


def poll_open(*, poll: Poll, actor=None) -> Poll:
    """Freeze the electorate from check-in and open the poll. Refused
    (``no_quorum``) when fewer units are present than the Quy chế asks."""
    with transaction.atomic():
        poll = poll_locked(poll)
        if poll.status != PollStatus.DRAFT:
            raise DomainError(_("This poll has already been opened."), code="poll_not_draft")
        decision = poll.decision
        conference = decision.conference
        rules = voting_rules_for(conference)
        snapshot = rule_snapshot(rules, decision)
        voters = _electorate(decision, rules.ballot_per)
        members = conference.term.members.count()
        units_present = len({v.unit_id or v.registration.unit_id for v in voters})
        q_num, q_den = snapshot["quorum"]
        if units_present * q_den < q_num * members or not voters:
            raise DomainError(
                _("Quorum not reached: %(present)s of %(members)s units are present.")
                % {"present": units_present, "members": members},
                code="no_quorum",
            )
        for voter in voters:
            voter.poll = poll
        PollVoter.objects.bulk_create(voters)
        poll.rule = snapshot
        poll.status = PollStatus.OPEN
        poll.opened_at = timezone.now()
        update = ["rule", "status", "opened_at"]
        if poll.secret:
            key = ballot_crypto.new_poll_key()
            poll.public_key = ballot_crypto.public_key_b64(key)
            poll.private_key_sealed = ballot_crypto.seal_private_key(key, poll.pk)
            update += ["public_key", "private_key_sealed"]
        poll.save(update_fields=update)
        activity_record(
            conference=conference,
            actor=actor,
            action="poll.opened",
            obj=decision,
            data={"round": poll.round, "voters": len(voters), "secret": poll.secret},
        )
        broadcast_progress(poll)
    return poll


def poll_voter_add(
    *, poll: Poll, registration: Registration, proxy_note: str = "", actor=None
) -> PollVoter:
    """A unit whose head arrived after the opening, added by the chair."""
    with transaction.atomic():
        poll = poll_locked(poll)
        if poll.status != PollStatus.OPEN:
            raise DomainError(_("This poll is not open."), code="poll_not_open")
        conference = poll.decision.conference
        if registration.conference_id != conference.pk or registration.unit_id is None:
            raise DomainError(
                _("This delegate is not of this conference."), code="wrong_conference"
            )
        if not conference.term.members.filter(pk=registration.unit_id).exists():
            raise DomainError(_("This unit is not a member of the cluster."), code="not_member")
        per_unit = poll.rule["ballot_per"] == BallotPer.UNIT
        if per_unit:
            taken = poll.voters.filter(unit_id=registration.unit_id)
        else:
            taken = poll.voters.filter(registration=registration)
        if taken.exists():
            raise DomainError(_("This unit is already in the electorate."), code="already_voter")
        voter = PollVoter.objects.create(
            poll=poll,
            unit_id=registration.unit_id if per_unit else None,
            registration=registration,
            proxy_note=proxy_note.strip()[:300],
            added_late=True,
        )
        activity_record(
            conference=conference,
            actor=actor,
            action="poll.voter_added",
            obj=poll.decision,
            data={"round": poll.round, "unit": registration.unit_id},
            label=str(registration.unit),
        )
        broadcast_progress(poll)
    return voter


def _counts(candidates: dict[int, PollCandidate], rows) -> tuple[dict[int, int], int, int]:
    """(yes votes per candidate id, ballots collected, valid ones) of
    ``rows``, pairs of (choices, valid)."""
    yes = dict.fromkeys(candidates, 0)
    collected = valid = 0
    for choices, is_valid in rows:
        collected += 1
        if not is_valid:
            continue
        valid += 1
        for key, agreed in choices.items():
            if agreed and int(key) in yes:
                yes[int(key)] += 1
    return yes, collected, valid


def stored_counts(poll: Poll) -> tuple[dict[int, int], int, int]:
    """``_counts`` of the ballots a closed poll keeps (the phones' part)."""
    candidates = {c.pk: c for c in poll.candidates.all()}
    if poll.secret:
        rows = poll.counted_ballots.values_list("choices", "valid")
    else:
        rows = ((choices, True) for choices in poll.open_ballots.values_list("choices", flat=True))
    return _counts(candidates, rows)


def poll_close(*, poll: Poll, actor=None) -> Poll:
    """Close the poll: decrypt the sealed ballots in a shuffled order, count
    them, erase the key and the ciphertexts, store the result."""
    from events.services.decisions.ballots import check_choices

    with transaction.atomic():
        # Wait for the ballots on their way: a cast holds its voter's row
        # until it commits, and one that takes it after this close finds the
        # poll closed (ballots.py), so no ballot is accepted and left out.
        # The voters first, then the poll, in the order a cast takes them
        # (its ballot's foreign key shares the poll's row at its commit):
        # the other order deadlocks with a cast under way. Ordered by pk: the
        # model's ordering would join, and lock, the poll and the conference.
        voters = PollVoter.objects.select_for_update().filter(poll_id=poll.pk).order_by("pk")
        list(voters.values_list("pk"))
        poll = poll_locked(poll)
        if poll.status != PollStatus.OPEN:
            raise DomainError(_("This poll is not open."), code="poll_not_open")
        entitled = poll.voters.count()
        candidates = {c.pk: c for c in poll.candidates.all()}
        if poll.secret:
            key = ballot_crypto.unseal_private_key(poll.private_key_sealed, poll.pk)
            sealed = list(poll.sealed_ballots.values_list("ciphertext", flat=True))
            secrets.SystemRandom().shuffle(sealed)
            counted = []
            for ciphertext in sealed:
                payload = ballot_crypto.decrypt_ballot(key, ciphertext, poll.pk) or {}
                receipt = str(payload.get("receipt", ""))[:20]
                choices = check_choices(poll, candidates, payload.get("choices"), strict=False)
                counted.append(
                    CountedBallot(
                        poll=poll,
                        receipt=receipt,
                        choices=choices if choices is not None else {},
                        valid=choices is not None,
                    )
                )
            del key
            CountedBallot.objects.bulk_create(counted, batch_size=500)
            SealedBallot.objects.filter(poll=poll).delete()
            poll.private_key_sealed = None
            rows = [(ballot.choices, ballot.valid) for ballot in counted]
        else:
            ballots = poll.open_ballots.values_list("choices", flat=True)
            rows = [(choices, True) for choices in ballots]
        yes, collected, valid = _counts(candidates, rows)
        totals = Totals(entitled=entitled, issued=entitled, collected=collected, valid=valid)
        result = tally(rule_of(poll.rule), totals, yes)
        poll.status = PollStatus.CLOSED
        poll.closed_at = timezone.now()
        poll.entitled, poll.issued, poll.collected, poll.valid = (
            entitled,
            entitled,
            collected,
            valid,
        )
        poll.result = result.as_json()
        poll.save(
            update_fields=[
                "status",
                "closed_at",
                "entitled",
                "issued",
                "collected",
                "valid",
                "result",
                "private_key_sealed",
            ]
        )
        activity_record(
            conference=poll.decision.conference,
            actor=actor,
            action="poll.closed",
            obj=poll.decision,
            data={"round": poll.round, "collected": collected, "valid": valid},
        )
        broadcast_progress(poll)
    return poll


__all__ = [
    "SMALL_ELECTORATE",
    "VOTES_TOPIC",
    "broadcast_progress",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_voter_add",
]
