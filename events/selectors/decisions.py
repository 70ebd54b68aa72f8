"""Reads for decisions: what the projector, the console and a phone show.
Progress says how many have voted, never how; results only once closed."""

from django.db.models import Count, Q

from events.models import Conference, Poll, PollStatus, PollVoter, Registration
from events.models.decisions import SMALL_ELECTORATE
from events.tally import rule_of


def polls_snapshot(conference: Conference) -> list[dict]:
    """Every opened poll of the conference, in agenda order (two queries)."""
    polls = (
        Poll.objects.filter(decision__conference=conference)
        .exclude(status=PollStatus.DRAFT)
        .select_related("decision")
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
            item["result"] = poll.result
            item["totals"] = {
                "entitled": poll.entitled,
                "collected": poll.collected,
                "valid": poll.valid,
            }
        out.append(item)
    return out


def open_poll_for(registration: Registration) -> tuple[Poll, PollVoter] | None:
    """The open poll this delegate may vote in (the earliest), with their
    place in its electorate."""
    voter = (
        PollVoter.objects.filter(registration=registration, poll__status=PollStatus.OPEN)
        .select_related("poll__decision")
        .order_by("poll__decision__position", "poll_id")
        .first()
    )
    return (voter.poll, voter) if voter else None
