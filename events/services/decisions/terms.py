"""An election's result becomes next year's cluster term (Cụm trưởng and
Cụm phó) when the organizer confirms it on the console."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import ClusterTerm
from events.models.decisions import Poll
from events.selectors.elections import election_officers, next_term_for
from events.services.activity import activity_record
from events.services.clusters import term_create
from events.services.decisions.polls import poll_locked


def election_term_confirm(*, poll: Poll, actor=None, meta=None) -> ClusterTerm:
    """Write next year's ``ClusterTerm`` with the elected chair and deputy
    (the members stay those of this year). Idempotent: a term that already
    has these officers is returned as it is; one with other officers is
    refused and named."""
    with transaction.atomic():
        poll = poll_locked(poll)
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


__all__ = ["election_term_confirm"]
