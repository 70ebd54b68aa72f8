"""Reads for registrations: the organizer list, counts, ordered lists for
exports and PDFs, a delegate's own pass."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import (
    Checkin,
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    RegistrationStatus,
    StaffRole,
)
from events.names import collation_key, fold


@dataclass(frozen=True)
class RegistrationFilters:
    unit: int | None = None
    province: int | None = None
    role: int | None = None
    status: str = ""
    q: str = ""
    arrived: str = ""  # "yes": checked in at the main entrance, "no": not yet


def registration_list(
    *, conference: Conference, filters: RegistrationFilters | None = None
) -> QuerySet[Registration]:
    """Registrations with unit, province and role loaded: two queries at most
    for any number of rows. Ordered by unit, role, then name (Vietnamese)."""
    f = filters or RegistrationFilters()
    arrived = Exists(
        Checkin.objects.filter(
            registration=OuterRef("pk"), checkin_list__is_main=True, annulled_at__isnull=True
        )
    )
    qs = conference.registrations.select_related("unit__province", "role", "duplicate_of").annotate(
        arrived=arrived
    )
    if f.arrived == "yes":
        qs = qs.filter(arrived=True)
    elif f.arrived == "no":
        qs = qs.filter(arrived=False)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.province:
        qs = qs.filter(unit__province_id=f.province)
    if f.role:
        qs = qs.filter(role_id=f.role)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        for word in fold(f.q).split():
            qs = qs.filter(
                Q(search_key__contains=word) | Q(email__icontains=word) | Q(phone__contains=word)
            )
    return qs.order_by(
        F("unit__sort_key").asc(nulls_last=True), "organization", "role__position", "sort_key"
    )


@dataclass
class RegistrationCounts:
    by_unit: list[tuple[MemberUnit | None, dict[str, int]]] = field(default_factory=list)
    by_role: list[tuple[DelegateRole, dict[str, int]]] = field(default_factory=list)
    total: dict[str, int] = field(default_factory=dict)


def _status_counts(prefix: str = "") -> dict:
    target = prefix.rstrip("_") or "pk"
    return {
        status: Count(target, filter=Q(**{f"{prefix}status": status}))
        for status in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)
    } | {"all": Count(target, filter=~Q(**{f"{prefix}status": RegistrationStatus.CANCELLED}))}


def registration_counts(*, conference: Conference) -> RegistrationCounts:
    """Pending / approved / all-but-cancelled, per unit and per role (3 queries)."""
    counts = RegistrationCounts()
    units = {u.pk: u for u in conference.term.members.all()}
    per_unit = {
        row.pop("unit"): row
        for row in conference.registrations.values("unit").annotate(**_status_counts())
    }
    for unit in sorted(units.values(), key=lambda u: u.sort_key):
        counts.by_unit.append(
            (unit, per_unit.get(unit.pk, {"pending": 0, "approved": 0, "all": 0}))
        )
    if None in per_unit:
        counts.by_unit.append((None, per_unit[None]))
    for role in conference.roles.annotate(
        **{f"n_{k}": v for k, v in _status_counts("registrations__").items()}
    ).order_by("position"):
        counts.by_role.append(
            (role, {"pending": role.n_pending, "approved": role.n_approved, "all": role.n_all})
        )
    counts.total = {
        key: sum(row[key] for _unit, row in counts.by_unit)
        for key in ("pending", "approved", "all")
    }
    return counts


def registrations_for_print(
    *, conference: Conference, statuses=(RegistrationStatus.APPROVED,), ids=None
) -> list[Registration]:
    """For lists and badges: grouped by unit (Vietnamese order, guests last),
    then role (conference order), then name (Vietnamese order)."""
    qs = conference.registrations.filter(status__in=statuses).select_related(
        "unit__province", "role"
    )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    rows = list(qs)
    return sorted(
        rows,
        key=lambda r: (
            r.unit is None,
            r.unit.sort_key if r.unit else collation_key(r.organization),
            r.role.position,
            r.sort_key,
        ),
    )


def unit_delegation(*, conference: Conference, unit: MemberUnit) -> QuerySet[Registration]:
    return (
        conference.registrations.filter(unit=unit)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("role")
        .order_by("role__position", "sort_key")
    )


def registration_for_user(*, conference: Conference, user) -> Registration | None:
    """The user's own registration (the most relevant one if several)."""
    if not user.is_authenticated:
        return None
    rows = list(
        conference.registrations.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("unit", "role")
        .order_by("pk")
    )
    rank = {RegistrationStatus.APPROVED: 0, RegistrationStatus.PENDING: 1}
    rows.sort(key=lambda r: rank.get(r.status, 2))
    return rows[0] if rows else None


def liaisons_by_unit(*, conference: Conference) -> dict[int, list]:
    result: dict[int, list] = {}
    for membership in conference.memberships.filter(role=StaffRole.LIAISON).select_related("user"):
        result.setdefault(membership.unit_id, []).append(membership)
    return result


def registration_chosen(*, conference: Conference, raw: str) -> Registration:
    """The registration a form's select named (its id as posted), of this
    conference; refused with ``registration_required`` when none is."""
    raw = (raw or "").strip()
    found = (
        Registration.objects.filter(pk=raw, conference=conference).first()
        if raw.isdigit() and len(raw) < 19
        else None
    )
    if found is None:
        raise DomainError(_("Choose the delegate to add."), code="registration_required")
    return found
