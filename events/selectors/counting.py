"""Reads for the counting of a vote: the committee of a decision, who may
still sit on it, and the facts a closed round's counting record states.

``counting_facts`` returns plain data (codes, numbers, names; no translated
words), so the record can be frozen, compared before sealing and rendered
to PDF or DOCX in any language. The counts are read from the poll only
(``issued``/``collected``/``valid``/``result``): after paper ballots are
entered they hold the merged totals; ``result["paper"]`` may be absent.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from events.models import (
    CountingMember,
    CountingRecord,
    Decision,
    Poll,
    PollCandidate,
    PollStatus,
    Registration,
    RegistrationStatus,
)
from events.selectors import conference_chairs


def candidate_unit_ids(decision: Decision) -> set[int]:
    """The units on any round's ballot of ``decision``."""
    return set(
        PollCandidate.objects.filter(poll__decision=decision, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def counting_committee(decision: Decision) -> list[CountingMember]:
    """The head first, then the members in the order they were seated."""
    return list(
        CountingMember.objects.filter(decision=decision).select_related("registration__unit")
    )


def committee_choices(decision: Decision) -> list[Registration]:
    """Approved delegates who may still be seated: not already on the
    committee, and not of a unit on the decision's ballot."""
    seated = CountingMember.objects.filter(decision=decision).values("registration_id")
    return list(
        Registration.objects.filter(
            conference_id=decision.conference_id, status=RegistrationStatus.APPROVED
        )
        .exclude(pk__in=seated)
        .exclude(unit_id__in=candidate_unit_ids(decision))
        .select_related("unit")
        # As every list of delegates: units in order, then guests by organisation.
        .order_by(F("unit__sort_key").asc(nulls_last=True), "organization", "sort_key")
    )


def counting_record_of(poll: Poll) -> CountingRecord | None:
    return CountingRecord.objects.filter(poll=poll).first()


def _person(registration: Registration) -> dict:
    return {
        "name": registration.full_name,
        "title": registration.title,
        "unit": registration.unit.name if registration.unit_id else registration.organization,
    }


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def counting_facts(poll: Poll) -> dict:
    """Everything the counting record of ``poll`` states (a closed round)."""
    poll = Poll.objects.select_related(
        "decision__conference__term__cluster", "decision__conference__host_unit"
    ).get(pk=poll.pk)
    decision = poll.decision
    conference = decision.conference
    result = poll.result or {}
    labels = {c.pk: c for c in poll.candidates.all()}
    lines = []
    for line in result.get("lines", []):
        candidate = labels.get(line["candidate"])
        lines.append(
            {
                "position": candidate.position if candidate else 0,
                "label": candidate.label if candidate else "",
                "unit": candidate.unit_id if candidate else None,
                "office": candidate.office if candidate else "",
                "votes": line["votes"],
                "percent": line["percent"],
                "outcome": line["outcome"],
            }
        )
    voters = list(poll.voters.select_related("registration"))
    units_present = {v.unit_id or v.registration.unit_id for v in voters} - {None}
    chairs = conference_chairs(conference=conference)
    paper = result.get("paper")
    collected, valid = poll.collected or 0, poll.valid or 0
    return {
        "poll": poll.pk,
        "status": poll.status,
        "closed": poll.status == PollStatus.CLOSED,
        "conference": conference.title,
        "cluster": conference.term.cluster.name,
        "host_place": conference.host_unit.short_name,
        "venue": conference.venue,
        "address": conference.address,
        "decision": decision.title,
        "kind": decision.kind,
        "round": poll.round,
        "secret": poll.secret,
        "paper": paper if isinstance(paper, dict) else ({"used": True} if paper else {}),
        "opened_at": _local(poll.opened_at),
        "closed_at": _local(poll.closed_at),
        "ballot_per": poll.rule.get("ballot_per", "unit"),
        "rule": poll.rule,
        "units_summoned": conference.term.members.count(),
        "units_present": len(units_present),
        "entitled": poll.entitled or 0,
        "issued": poll.issued or 0,
        "collected": collected,
        "valid": valid,
        "invalid": collected - valid,
        "lines": lines,
        "candidate_units": sorted(c.unit_id for c in labels.values() if c.unit_id),
        "committee": [
            {**_person(m.registration), "head": m.is_head, "unit_id": m.registration.unit_id}
            for m in counting_committee(decision)
        ],
        "chair": _person(chairs[0]) if chairs else {"name": "", "title": "", "unit": ""},
    }
