"""An election's result becomes next year's cluster term (Cụm trưởng and
Cụm phó) when the organizer confirms it on the console."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import ClusterTerm, MemberUnit
from events.models.decisions import DecisionKind, Poll, PollStatus
from events.services.activity import activity_record
from events.services.clusters import term_create

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


def election_term_confirm(*, poll: Poll, actor=None, meta=None) -> ClusterTerm:
    """Write next year's ``ClusterTerm`` with the elected chair and deputy
    (the members stay those of this year). Idempotent: a term that already
    has these officers is returned as it is; one with other officers is
    refused and named."""
    with transaction.atomic():
        poll = (
            Poll.objects.select_for_update().select_related("decision__conference").get(pk=poll.pk)
        )
        officers = election_officers(poll)
        current = poll.decision.conference.term
        existing = next_term_for(poll)
        if existing is not None:
            if (existing.chair_id, existing.deputy_id) == (officers.chair.pk, officers.deputy.pk):
                return existing
            raise DomainError(
                _(
                    "The %(year)s term already exists with another chair (%(chair)s) and "
                    "deputy (%(deputy)s); it was not changed."
                )
                % {
                    "year": existing.year,
                    "chair": existing.chair.name,
                    "deputy": existing.deputy.name,
                },
                code="term_exists",
            )
        members = list(current.members.all())
        term = term_create(
            cluster=current.cluster,
            year=officers.year,
            chair=officers.chair,
            deputy=officers.deputy,
            members=members,
        )
        activity_record(
            conference=poll.decision.conference,
            actor=actor,
            meta=meta,
            action="cluster_term.elected",
            obj=poll.decision,
            data={
                "round": poll.round,
                "year": term.year,
                "chair": officers.chair.pk,
                "deputy": officers.deputy.pk,
                "term": term.pk,
            },
        )
    return term


__all__ = ["Officers", "election_officers", "election_term_confirm", "next_term_for"]
