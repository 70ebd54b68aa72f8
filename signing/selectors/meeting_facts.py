"""The facts of a meeting as it ran, read once for every document written
after it (the minutes, the news article draft).

Plain data (JSON-ready): the minutes freeze it at finalising, and a
re-generation compares the new facts with the frozen ones line by line.
Times are local (the conference's time zone) as printed: "08:05".
"""

from __future__ import annotations

from django.utils import timezone

from events.models import (
    AgendaItemKind,
    AgendaItemStatus,
    Checkin,
    Conference,
    RegistrationStatus,
)
from events.selectors import conference_chairs, term_units_in_order
from signing.markup import parse_body
from signing.models import Ceremony, CeremonyState, ClusterRole

# How the seed article names the units' places in the cluster.
CLUSTER_ROLE_VI = {ClusterRole.CHAIR: "Cụm trưởng", ClusterRole.DEPUTY: "Cụm phó"}


def _hm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def _cluster_role(conference: Conference, unit_id) -> str:
    term = conference.term
    if unit_id == term.chair_id:
        return ClusterRole.CHAIR
    if unit_id == term.deputy_id:
        return ClusterRole.DEPUTY
    return ""


def _arrived_ids(conference: Conference) -> set[int]:
    """Who came: an unannulled check-in on the main entrance."""
    return set(
        Checkin.objects.filter(
            checkin_list__conference=conference,
            checkin_list__is_main=True,
            annulled_at__isnull=True,
        ).values_list("registration_id", flat=True)
    )


def _person(registration) -> dict:
    return {
        "id": registration.pk,
        "name": registration.full_name,
        "title": registration.title,
        "unit": registration.unit.name if registration.unit_id else registration.organization,
        "unit_short": registration.unit.short_name if registration.unit_id else "",
    }


def _attendance(conference: Conference, arrived: set[int]) -> tuple[list[dict], list, list]:
    """Per delegate role (in the role order), the people who checked in, in
    Vietnamese order; and the member units present and absent (official order)."""
    people = (
        conference.registrations.filter(status=RegistrationStatus.APPROVED, pk__in=arrived)
        .select_related("role", "unit")
        .order_by("role__position", "sort_key")
    )
    roles: dict[int, dict] = {}
    units_seen: set[int] = set()
    for person in people:
        group = roles.setdefault(
            person.role_id, {"role": person.role.name, "code": person.role.code, "people": []}
        )
        group["people"].append(_person(person))
        if person.unit_id:
            units_seen.add(person.unit_id)
    for group in roles.values():
        group["count"] = len(group["people"])
    units = term_units_in_order(term=conference.term)
    present = [
        {"name": u.name, "short": u.short_name, "cluster_role": _cluster_role(conference, u.pk)}
        for u in units
        if u.pk in units_seen
    ]
    absent = [u.name for u in units if u.pk not in units_seen]
    return list(roles.values()), present, absent


def _agenda(conference: Conference) -> list[dict]:
    """The agenda as run: items that ran in the order they started, then
    the ones skipped (noted as such); each with its actual times. A meeting
    not run in the app (nothing started: one entered afterwards) reads as
    planned, and says so (``planned``)."""
    items = list(
        conference.agenda_items.select_related("presenter", "presenter_unit").order_by("position")
    )
    ran = sorted(
        (i for i in items if i.actual_start),
        key=lambda i: (i.actual_start, i.position),
    )
    rest = [i for i in items if not i.actual_start]
    if not ran:
        return [
            {
                "id": item.pk,
                "title": item.title,
                "kind": item.kind,
                "presenter": item.presenter_label,
                "status": item.status,
                "skipped": item.status == AgendaItemStatus.SKIPPED,
                "planned": True,
                "start": _hm(item.planned_start),
                "end": _hm(item.planned_end),
            }
            for item in items
        ]
    return [
        {
            "id": item.pk,
            "title": item.title,
            "kind": item.kind,
            "presenter": item.presenter_label,
            "status": item.status,
            "skipped": item.status == AgendaItemStatus.SKIPPED or not item.actual_start,
            "planned": False,
            "start": _hm(item.actual_start),
            "end": _hm(item.actual_end),
        }
        for item in ran + rest
    ]


def _commitments(body: str) -> list[str]:
    """The covenant's clauses of its content section (the one with the most
    clauses), as the news article summarises them."""
    sections = parse_body(body)
    if not sections:
        return []
    main = max(sections, key=lambda s: len(s.clauses))
    return [clause.text.rstrip(":;.") for clause in main.clauses]


def _covenant(conference: Conference) -> dict:
    ceremony = (
        Ceremony.objects.select_related("covenant").filter(covenant__conference=conference).first()
    )
    if ceremony is None:
        return {}
    covenant = ceremony.covenant
    signatories = list(
        ceremony.signatories.select_related("unit").defer("signature_png").order_by("position")
    )
    return {
        "title": covenant.title,
        "subtitle": covenant.subtitle,
        "state": ceremony.state,
        "sealed": ceremony.state == CeremonyState.SEALED,
        "public_id": ceremony.public_id if ceremony.state == CeremonyState.SEALED else "",
        "signed_count": sum(1 for s in signatories if s.has_signed),
        "total": len(signatories),
        "signatories": [
            {
                "unit": s.unit.name,
                "name": s.full_name,
                "title": s.title,
                "signed": s.has_signed,
                "signed_at": _hm(s.signed_at),
            }
            for s in signatories
        ],
        "commitments": _commitments(covenant.body),
    }


def meeting_facts(*, conference: Conference) -> dict:
    """Everything the minutes and the news draft state about ``conference``."""
    conference = Conference.objects.select_related(
        "term__cluster", "term__chair", "term__deputy", "host_unit"
    ).get(pk=conference.pk)
    arrived = _arrived_ids(conference)
    from_checkin = bool(arrived)
    if not from_checkin:
        # Nobody checked in through the app (a meeting entered afterwards):
        # the approved registrations stand in, and the documents say so.
        arrived = set(
            conference.registrations.filter(status=RegistrationStatus.APPROVED).values_list(
                "pk", flat=True
            )
        )
    attendance, present, absent = _attendance(conference, arrived)
    agenda = _agenda(conference)
    starts = [i for i in agenda if i["start"]]
    ends = [i for i in agenda if i["end"]]
    chairs = [
        {**_person(r), "cluster_role": _cluster_role(conference, r.unit_id)}
        for r in conference_chairs(conference=conference)
        if r.pk in arrived
    ]
    signing_item = next(
        (i for i in agenda if i["kind"] == AgendaItemKind.COVENANT_SIGNING and i["start"]), None
    )
    return {
        "conference": conference.title,
        "cluster": conference.term.cluster.name,
        "date": timezone.localtime(conference.starts_at).date().isoformat(),
        "venue": conference.venue,
        "address": conference.address,
        "host_unit": conference.host_unit.name,
        "host_cluster_role": _cluster_role(conference, conference.host_unit_id),
        "start": starts[0]["start"] if starts else "",
        "end": ends[-1]["end"] if ends else "",
        "planned_start": _hm(conference.starts_at),
        "attendance": attendance,
        "attendance_source": "checkin" if from_checkin else "registered",
        "times_planned": bool(agenda) and all(i["planned"] for i in agenda),
        "present_count": sum(group["count"] for group in attendance),
        "units_present": present,
        "units_absent": absent,
        "chairs": chairs,
        "agenda": agenda,
        "covenant": _covenant(conference),
        "covenant_signed_at": signing_item["start"] if signing_item else "",
    }


def fact_lines(facts: dict) -> list[str]:
    """The facts as comparable lines (what a re-generation lists as changed)."""
    lines = [
        f"start {facts['start']}",
        f"end {facts['end']}",
        f"present {facts['present_count']}",
    ]
    lines += [f"unit {u['name']}" for u in facts["units_present"]]
    for group in facts["attendance"]:
        lines += [f"{group['role']}: {p['name']} ({p['unit']})" for p in group["people"]]
    lines += [f"chair {c['name']}" for c in facts["chairs"]]
    lines += [
        f"item {i['title']} {i['start']}–{i['end']}{' skipped' if i['skipped'] else ''}"
        for i in facts["agenda"]
    ]
    for s in facts["covenant"].get("signatories", []):
        lines.append(f"signatory {s['unit']}: {s['name']} {'✓' if s['signed'] else '–'}")
    return lines
