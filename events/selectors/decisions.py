"""Reads for decisions: what the projector, the console and a phone show.
Progress says how many have voted, never how; results only once closed."""

from django.db.models import Count, Q

from events.models import (
    Conference,
    Poll,
    PollStatus,
    PollVoter,
    Registration,
    RegistrationStatus,
)
from events.models.decisions import SMALL_ELECTORATE
from events.tally import rule_of


def polls_snapshot(conference: Conference) -> list[dict]:
    """Every opened poll of the conference, in agenda order (two queries)."""
    polls = (
        Poll.objects.filter(decision__conference=conference)
        .exclude(status=PollStatus.DRAFT)
        .select_related("decision")
        .prefetch_related("candidates")
        .annotate(
            n_voters=Count("voters", distinct=True),
            n_voted=Count("voters", filter=Q(voters__voted=True), distinct=True),
        )
        .order_by("decision__position", "decision_id", "round")
    )
    out = []
    for poll in polls:
        item = {
            "poll": poll.pk,
            "decision": poll.decision.title,
            "round": poll.round,
            "secret": poll.secret,
            "status": poll.status,
            "voted": poll.n_voted,
            "entitled": poll.n_voters,
            "small": poll.secret and 0 < poll.n_voters < SMALL_ELECTORATE,
            "rule": rule_of(poll.rule).words() if poll.rule else "",
        }
        if poll.status == PollStatus.CLOSED:
            labels = {c.pk: c.label for c in poll.candidates.all()}
            item["result"] = {
                **poll.result,
                "lines": [
                    {**line, "label": labels.get(line["candidate"], "")}
                    for line in poll.result["lines"]
                ],
            }
            item["totals"] = {
                "entitled": poll.entitled,
                "collected": poll.collected,
                "valid": poll.valid,
            }
        out.append(item)
    return out


def open_poll_for(registration: Registration) -> tuple[Poll, PollVoter] | None:
    """The open poll this delegate may vote in (the earliest they have not
    voted in yet, else the earliest), with their place in its electorate."""
    voter = (
        PollVoter.objects.filter(registration=registration, poll__status=PollStatus.OPEN)
        .select_related("poll__decision")
        .order_by("voted", "poll__decision__position", "poll_id")
        .first()
    )
    return (voter.poll, voter) if voter else None


def decisions_for_console(conference: Conference) -> list[dict]:
    """The chair's view: each decision with its rounds; for an open round
    who has voted (never how) and who could still be added."""
    decisions = list(
        conference.decisions.select_related("agenda_item").prefetch_related(
            "polls__candidates",
            "polls__voters__unit",
            "polls__voters__registration",
            # The counting block (_record.html): committee and sealed record.
            "polls__counting_record",
            "counting_members__registration",
        )
    )
    out = []
    for decision in decisions:
        polls = sorted(decision.polls.all(), key=lambda p: p.round)
        current = polls[-1] if polls else None
        voters = list(current.voters.all()) if current else []
        out.append(
            {
                "decision": decision,
                "polls": polls,
                "current": current,
                "voters": sorted(voters, key=lambda v: v.unit.sort_key if v.unit else ""),
                "voted": sum(1 for v in voters if v.voted),
                "small": bool(current and current.secret and 0 < len(voters) < SMALL_ELECTORATE),
                "rule": rule_of(current.rule).words() if current and current.rule else "",
            }
        )
    return out


def ballot_lines(poll: Poll, voter: PollVoter) -> list:
    """The lines this voter's ballot shows: every candidate, except the
    voter's own unit when the rule forbids voting for oneself."""
    lines = list(poll.candidates.all())
    if poll.rule.get("self_vote") or not voter.unit_id:
        return lines
    return [c for c in lines if c.unit_id != voter.unit_id]


def checked_in_unit_delegates(conference: Conference):
    """Approved delegates of member units who have checked in, by unit then
    name: whom the chair can add to an open vote's electorate."""
    return (
        Registration.objects.filter(
            conference=conference,
            status=RegistrationStatus.APPROVED,
            unit__isnull=False,
            checkins__isnull=False,
        )
        .select_related("unit")
        .distinct()
        .order_by("unit__sort_key", "sort_key")
    )


def paper_entry_facts(poll: Poll) -> dict:
    """Under a closed poll, for the paper-count form: the two parts of the
    result, how many voted on a phone, how many paper ballots may still be
    issued, and the most lines a ballot may agree with."""
    result = poll.result or {}
    electronic = result.get("electronic")
    phones = electronic["collected"] if electronic else poll.collected
    return {
        "paper": result.get("paper"),
        "electronic": electronic,
        "phone_collected": phones,
        "paper_room": max((poll.entitled or 0) - (phones or 0), 0),
        "max_choices": poll.rule.get("max_choices") or 1,
    }


def unit_heads(registrations) -> dict:
    """Per unit, the delegate who casts its ballot among ``registrations``
    (with their roles): a role that may sign first, then the role's rank,
    then Vietnamese order."""
    heads: dict = {}
    for r in sorted(
        registrations, key=lambda r: (not r.role.may_sign, r.role.position, r.sort_key)
    ):
        heads.setdefault(r.unit_id, r)
    return heads
