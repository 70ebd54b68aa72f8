"""Reads for an election's outcome: who it elected to which office, for
which year, and next year's term if it already exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import ClusterTerm, MemberUnit
from events.models.decisions import DecisionKind, Poll, PollStatus

OFFICES = ("chair", "deputy")


@dataclass(frozen=True)
class Officers:
    year: int
    chair: MemberUnit
    deputy: MemberUnit


def _elected(poll: Poll, office: str) -> MemberUnit:
    """The unit elected to ``office``: the one passed candidate for it (the
    one with most votes if several passed); a tie or no one is refused."""
    lines = {line["candidate"]: line for line in (poll.result or {}).get("lines", [])}
    running = [c for c in poll.candidates.all() if c.office == office and c.pk in lines]
    if any(lines[c.pk]["outcome"] == "tied" for c in running):
        raise DomainError(
            _("The vote for %(office)s is tied: hold a new round or record the chair's decision.")
            % {"office": _office_name(office)},
            code="election_tied",
        )
    passed = sorted(
        (c for c in running if lines[c.pk]["outcome"] == "passed" and c.unit_id),
        key=lambda c: -lines[c.pk]["votes"],
    )
    if len(passed) > 1 and lines[passed[0].pk]["votes"] == lines[passed[1].pk]["votes"]:
        raise DomainError(
            _("The vote for %(office)s is tied: hold a new round or record the chair's decision.")
            % {"office": _office_name(office)},
            code="election_tied",
        )
    if not passed:
        raise DomainError(
            _("Nobody was elected %(office)s: hold a new round.")
            % {"office": _office_name(office)},
            code="election_unresolved",
        )
    return passed[0].unit


def _office_name(office: str) -> str:
    return _("chair unit (Cụm trưởng)") if office == "chair" else _("deputy (Cụm phó)")


def election_officers(poll: Poll) -> Officers:
    """Who the closed election ``poll`` elected, for which year; refused
    (``not_election``, ``poll_not_closed``, ``election_tied``,
    ``election_unresolved``) when it does not say."""
    if poll.decision.kind != DecisionKind.ELECTION:
        raise DomainError(_("This vote is not an election."), code="not_election")
    if poll.status != PollStatus.CLOSED:
        raise DomainError(_("The election is not closed yet."), code="poll_not_closed")
    chair, deputy = (_elected(poll, office) for office in OFFICES)
    if chair.pk == deputy.pk:
        raise DomainError(
            _("The same unit was elected chair and deputy: hold a new round."),
            code="election_unresolved",
        )
    return Officers(year=poll.decision.conference.term.year + 1, chair=chair, deputy=deputy)


def next_term_for(poll: Poll) -> ClusterTerm | None:
    """Next year's term of the poll's cluster, if it exists."""
    term = poll.decision.conference.term
    return (
        ClusterTerm.objects.select_related("chair", "deputy")
        .filter(cluster_id=term.cluster_id, year=term.year + 1)
        .first()
    )


__all__ = ["OFFICES", "Officers", "election_officers", "next_term_for"]


def election_state(poll: Poll) -> dict:
    """What the console shows under a closed election: whom it elected (or
    why no term can be written yet), next year's term if it exists, and
    whether that term is this result's (``written``)."""
    state = {"next_term": next_term_for(poll), "officers": None, "problem": ""}
    try:
        state["officers"] = election_officers(poll)
    except DomainError as error:
        state["problem"] = " ".join(error.messages)
    term, officers = state["next_term"], state["officers"]
    state["written"] = bool(
        term
        and officers
        and (term.chair_id, term.deputy_id) == (officers.chair.pk, officers.deputy.pk)
    )
    return state


def term_written_from(poll: Poll) -> bool:
    """Next year's term exists with the officers this result elects."""
    return election_state(poll)["written"]
