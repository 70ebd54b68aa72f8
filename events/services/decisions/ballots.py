"""Casting a ballot from a delegate's phone: one per voter, idempotent.

An open ballot is checked and stored with its voter. A secret ballot
arrives encrypted to the poll's key: the server checks who sends it and
that it is a well-formed ciphertext of this poll, marks the voter as having
voted, and stores the ciphertext apart with nothing that links the two.
Its content (too many choices, an unknown line) can only be checked at the
close, where a malformed one counts as an invalid ballot, as on paper.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import ballot_crypto
from events.models import Registration
from events.models.decisions import (
    OpenBallot,
    Poll,
    PollCandidate,
    PollStatus,
    PollVoter,
    SealedBallot,
)
from events.services.decisions.progress import progress_changed

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


@dataclass(frozen=True)
class CastResult:
    created: bool  # False: this voter had already voted (a retry, a double tap)
    receipt: str | None  # open ballots: the stored receipt; secret: None (on the phone)


def check_choices(
    poll: Poll, candidates: dict[int, PollCandidate], raw, *, strict: bool = True
) -> dict[str, bool] | None:
    """``{"<candidate id>": bool}`` with every line of the ballot, or an
    error (strict) / None (at the close: an invalid ballot)."""

    def refuse(message, code):
        if strict:
            raise DomainError(message, code=code)
        return None

    if not isinstance(raw, dict) or len(raw) > len(candidates):
        return refuse(_("This ballot is not well formed."), "bad_ballot")
    choices: dict[str, bool] = {}
    for key, value in raw.items():
        if not (isinstance(key, str) and key.isdigit() and int(key) in candidates):
            return refuse(_("This ballot names a candidate not on the list."), "unknown_candidate")
        if not isinstance(value, bool):
            return refuse(_("This ballot is not well formed."), "bad_ballot")
        choices[key] = value
    agreed = sum(1 for v in choices.values() if v)
    most = poll.rule.get("max_choices") or 1
    if agreed > most:
        return refuse(
            _("A ballot may approve at most %(count)s candidates.") % {"count": most},
            "too_many_choices",
        )
    return {str(pk): choices.get(str(pk), False) for pk in candidates}


def _voter_for(poll: Poll, registration: Registration) -> PollVoter:
    if registration.conference_id != poll.decision.conference_id:
        raise DomainError(_("This ballot is for another conference."), code="wrong_conference")
    voter = (
        PollVoter.objects.select_for_update(of=("self",))
        .filter(poll=poll, registration=registration)
        .first()
    )
    if voter is None:
        raise DomainError(
            _("You are not in the electorate of this vote."), code="not_in_electorate"
        )
    return voter


def _open_poll(poll: Poll) -> Poll:
    poll = Poll.objects.select_related("decision").get(pk=poll.pk)
    if poll.status != PollStatus.OPEN:
        code = "poll_closed" if poll.status == PollStatus.CLOSED else "poll_not_open"
        raise DomainError(_("This vote is not open."), code=code)
    return poll


def _voter_of_open_poll(poll: Poll, registration: Registration, *, secret: bool) -> PollVoter:
    """The voter's row, locked, with its poll: one query when all is well;
    the precise refusal otherwise (closed, wrong kind, not a voter)."""
    voter = (
        PollVoter.objects.select_for_update(of=("self",))
        .select_related("poll__decision")
        .filter(poll_id=poll.pk, registration=registration)
        .first()
    )
    if voter is None or voter.poll.status != PollStatus.OPEN or voter.poll.secret != secret:
        poll = _open_poll(poll)
        if poll.secret and not secret:
            raise DomainError(_("This vote is secret."), code="secret_poll")
        if secret and not poll.secret:
            raise DomainError(_("This vote is open, not secret."), code="open_poll")
        voter = _voter_for(poll, registration)
    return voter


def _mark_voted(voter: PollVoter) -> None:
    """Record the vote, if the poll is still open. The status is read afresh
    here, after the voter's row was locked: a close that committed meanwhile
    is seen, and one that has not started waits for this transaction (it
    locks every voter first), so no ballot is accepted and left uncounted."""
    marked = PollVoter.objects.filter(pk=voter.pk, poll__status=PollStatus.OPEN).update(voted=True)
    if not marked:
        raise DomainError(_("This vote is not open."), code="poll_closed")


def ballot_cast_open(*, poll: Poll, registration: Registration, choices) -> CastResult:
    """An open vote (biểu quyết). A second submission by the same voter
    returns the first ballot unchanged."""
    with transaction.atomic():
        voter = _voter_of_open_poll(poll, registration, secret=False)
        poll = voter.poll
        if voter.voted:
            return CastResult(created=False, receipt=voter.open_ballot.receipt)
        candidates = {c.pk: c for c in poll.candidates.all()}
        checked = check_choices(poll, candidates, choices)
        if not poll.rule.get("self_vote") and voter.unit_id:
            own = [pk for pk, c in candidates.items() if c.unit_id == voter.unit_id]
            if any(checked[str(pk)] for pk in own):
                raise DomainError(
                    _("Your unit may not vote for itself in this vote."), code="self_vote"
                )
        ballot = OpenBallot.objects.create(
            voter=voter,
            poll=poll,
            choices=checked,
            receipt=new_receipt(),
            cast_at=timezone.now(),
        )
        _mark_voted(voter)
        progress_changed(poll)
    return CastResult(created=True, receipt=ballot.receipt)


def ballot_cast_secret(*, poll: Poll, registration: Registration, ciphertext: bytes) -> CastResult:
    """A secret ballot, encrypted on the phone. A second submission by the
    same voter changes nothing and answers "already voted"; a ciphertext seen
    before (a replay) is refused."""
    ciphertext = bytes(ciphertext)
    try:
        with transaction.atomic():
            voter = _voter_of_open_poll(poll, registration, secret=True)
            poll = voter.poll
            if voter.voted:
                return CastResult(created=False, receipt=None)
            if len(ciphertext) != ballot_crypto.CIPHERTEXT_SIZE:
                raise DomainError(_("This ballot is not well formed."), code="bad_ballot")
            digest = hashlib.sha256(ciphertext).hexdigest()
            SealedBallot.objects.create(poll=poll, ciphertext=ciphertext, digest=digest)
            _mark_voted(voter)
            progress_changed(poll)
    except IntegrityError:
        # The same ciphertext is already in the box (sealed_ballot_once): the
        # whole transaction is undone, this voter has not voted.
        raise DomainError(_("This ballot was already cast."), code="replayed") from None
    return CastResult(created=True, receipt=None)
