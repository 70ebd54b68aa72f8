"""Paper ballots in the tally: the counting committee enters the paper counts
of a closed poll, and the poll's totals and result become the merged count
of paper and phone ballots.

Every voter of the electorate is issued one ballot, on the phone or on
paper: paper ballots go only to those who did not vote on a phone, so the
merged "phát ra" is the electorate and "thu vào" / "hợp lệ" are the sums.
The poll keeps both parts in ``result["electronic"]`` and
``result["paper"]``; the counting record reads ``issued``, ``collected``,
``valid`` and ``result``.

A closed result changes only here: entered once, or corrected with a
reason, each time recorded in the activity log with the old and new counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models.decisions import DecisionKind, Poll, PollStatus
from events.selectors.elections import term_written_from
from events.services.activity import activity_record
from events.services.decisions.polls import broadcast_progress, poll_locked, stored_counts
from events.tally import Totals, rule_of, tally

# No conference hands out more paper ballots than this.
MAX_PAPER = 100_000


@dataclass(frozen=True)
class PaperCounts:
    """What the counting committee counted on paper."""

    issued: int  # phát ra
    collected: int  # thu vào
    valid: int  # hợp lệ
    invalid: int  # không hợp lệ
    votes: dict[int, int]  # candidate id → "Đồng ý" (or chosen) on valid ballots


def _refuse(message: str, code: str):
    raise DomainError(message, code=code)


def _check_numbers(counts: PaperCounts, candidate_ids: list[int]) -> None:
    numbers = [counts.issued, counts.collected, counts.valid, counts.invalid]
    numbers += list(counts.votes.values())
    if any(type(n) is not int or not 0 <= n <= MAX_PAPER for n in numbers):
        _refuse(_("Enter whole numbers from 0 to 100000."), "paper_bad_number")
    if set(counts.votes) != set(candidate_ids):
        _refuse(_("Enter a count for every line of the ballot."), "unknown_candidate")


def _check_sums(counts: PaperCounts, *, max_choices: int, room: int) -> None:
    """issued ≥ collected = valid + invalid; each line ≤ valid; no more
    choices than the ballots could hold; no more paper than voters left."""
    if counts.collected > counts.issued:
        _refuse(
            _("More paper ballots collected (%(c)s) than issued (%(i)s).")
            % {"c": counts.collected, "i": counts.issued},
            "paper_collected_over_issued",
        )
    if counts.valid + counts.invalid != counts.collected:
        _refuse(
            _("Valid (%(v)s) and invalid (%(n)s) ballots do not add up to collected (%(c)s).")
            % {"v": counts.valid, "n": counts.invalid, "c": counts.collected},
            "paper_sum_mismatch",
        )
    if any(n > counts.valid for n in counts.votes.values()):
        _refuse(
            _("A line has more votes than there are valid paper ballots (%(v)s).")
            % {"v": counts.valid},
            "paper_line_over_valid",
        )
    if sum(counts.votes.values()) > counts.valid * max_choices:
        _refuse(
            _(
                "The lines hold %(sum)s choices, more than %(valid)s valid ballots "
                "of at most %(max)s choices each can hold."
            )
            % {"sum": sum(counts.votes.values()), "valid": counts.valid, "max": max_choices},
            "paper_too_many_choices",
        )
    if counts.issued > room:
        _refuse(
            _(
                "%(issued)s paper ballots issued, but only %(room)s voters of the electorate "
                "did not vote on a phone."
            )
            % {"issued": counts.issued, "room": room},
            "paper_over_electorate",
        )


def _check_may_change(poll: Poll, reason: str) -> None:
    if poll.status != PollStatus.CLOSED:
        _refuse(_("Paper counts are entered once the vote is closed."), "paper_poll_not_closed")
    if poll.decision.polls.filter(round__gt=poll.round).exists():
        _refuse(
            _("A later round has been prepared: this round's result can no longer change."),
            "paper_later_round",
        )
    if poll.decision.kind == DecisionKind.ELECTION and term_written_from(poll):
        _refuse(
            _("Next year's term has been written from this result: it can no longer change."),
            "paper_term_written",
        )
    if (poll.result or {}).get("paper") and not reason:
        _refuse(
            _("Paper counts were already entered. To correct them, give the reason."),
            "paper_reason_required",
        )


def _part(issued: int, collected: int, valid: int, votes: dict[int, int]) -> dict:
    return {
        "issued": issued,
        "collected": collected,
        "valid": valid,
        "invalid": collected - valid,
        "votes": {str(pk): n for pk, n in votes.items()},
    }


def poll_paper_enter(
    *, poll: Poll, counts: PaperCounts, reason: str = "", actor=None, meta=None
) -> Poll:
    """Merge the paper count into the closed ``poll``: its ``issued``,
    ``collected``, ``valid`` and ``result`` become paper + phone. A second
    entry is a correction and needs ``reason``. Refused with nothing saved
    when the sums do not add up."""
    reason = " ".join(str(reason or "").split())[:300]
    with transaction.atomic():
        poll = poll_locked(poll)
        _check_may_change(poll, reason)
        candidates = [c.pk for c in poll.candidates.all()]
        _check_numbers(counts, candidates)
        yes, e_collected, e_valid = stored_counts(poll)
        entitled = poll.voters.count()
        max_choices = poll.rule.get("max_choices") or 1
        _check_sums(counts, max_choices=max_choices, room=entitled - e_collected)

        votes = {pk: yes[pk] + counts.votes[pk] for pk in candidates}
        totals = Totals(
            entitled=entitled,
            issued=entitled,
            collected=e_collected + counts.collected,
            valid=e_valid + counts.valid,
        )
        result = tally(rule_of(poll.rule), totals, votes)
        previous = (poll.result or {}).get("paper")
        paper = _part(counts.issued, counts.collected, counts.valid, counts.votes)
        paper["entered_at"] = timezone.now().isoformat()
        paper["corrections"] = (previous["corrections"] + 1) if previous else 0
        if previous:
            paper["reason"] = reason
        poll.entitled, poll.issued, poll.collected, poll.valid = (
            totals.entitled,
            totals.issued,
            totals.collected,
            totals.valid,
        )
        poll.result = {
            **result.as_json(),
            "electronic": _part(entitled - counts.issued, e_collected, e_valid, yes),
            "paper": paper,
        }
        poll.save(update_fields=["entitled", "issued", "collected", "valid", "result"])
        data = {"round": poll.round, "paper": _public(counts)}
        if previous:
            data["previous"] = {k: previous[k] for k in ("issued", "collected", "valid", "votes")}
            data["reason"] = reason
        activity_record(
            conference=poll.decision.conference,
            actor=actor,
            meta=meta,
            action="poll.paper_corrected" if previous else "poll.paper_entered",
            obj=poll.decision,
            data=data,
        )
        broadcast_progress(poll)
    return poll


def _public(counts: PaperCounts) -> dict:
    data = asdict(counts)
    data["votes"] = {str(pk): n for pk, n in counts.votes.items()}
    return data


__all__ = ["MAX_PAPER", "PaperCounts", "poll_paper_enter"]
