"""Reads for check-in: lists, devices, manual search and live attendance."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from events.models import (
    Checkin,
    CheckinList,
    CheckinRefusal,
    Conference,
    EntranceDisplay,
    MemberUnit,
    Registration,
    RegistrationStatus,
    ScannerDevice,
)
from events.names import fold

SEARCH_LIMIT = 20
LATEST_LIMIT = 12


def checkin_lists(*, conference: Conference) -> QuerySet[CheckinList]:
    return conference.checkin_lists.prefetch_related("roles")


def checkin_list_get(*, conference: Conference, slug: str) -> CheckinList | None:
    return conference.checkin_lists.filter(slug=slug).first()


def scanner_devices(*, conference: Conference) -> QuerySet[ScannerDevice]:
    return conference.scanner_devices.select_related("checkin_list")


def entrance_displays(*, conference: Conference) -> QuerySet[EntranceDisplay]:
    return conference.entrance_displays.all()


def checkin_get(*, conference: Conference, pk: object) -> Checkin | None:
    if type(pk) is not int:
        return None
    return (
        Checkin.objects.select_related("registration__role", "registration__unit", "checkin_list")
        .filter(pk=pk, checkin_list__conference=conference)
        .first()
    )


def registration_search(
    *, conference: Conference, query: str, checkin_list: CheckinList
) -> list[dict]:
    """Approved people whose name, unit or organisation matches ``query``
    without diacritics ("nguyen dong" finds Nguyễn Quang Đông)."""
    words = fold(query or "").split()[:5]
    if not words:
        return []
    qs = conference.registrations.filter(status=RegistrationStatus.APPROVED).select_related(
        "unit", "role"
    )
    for word in words:
        qs = qs.filter(search_key__contains=word) | qs.filter(unit__search_key__contains=word)
    people = list(qs.order_by("sort_key").distinct()[:SEARCH_LIMIT])
    arrived = set(
        Checkin.objects.filter(
            checkin_list=checkin_list,
            registration__in=people,
            annulled_at__isnull=True,
        ).values_list("registration_id", flat=True)
    )
    return [
        {
            "id": person.pk,
            "name": person.full_name,
            "title": person.title,
            "unit": person.affiliation,
            "role": person.role.name,
            "checked_in": person.pk in arrived,
        }
        for person in people
    ]


@dataclass
class UnitAttendance:
    unit: MemberUnit | None
    name: str
    expected: int = 0
    arrived: int = 0
    missing: list[Registration] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.arrived >= self.expected


@dataclass
class RoleAttendance:
    role_id: int
    name: str
    colour: str
    position: int
    expected: int = 0
    arrived: int = 0


@dataclass
class Attendance:
    checkin_list: CheckinList
    units: list[UnitAttendance]
    roles: list[RoleAttendance]
    latest: list[Checkin]
    expected: int
    arrived: int
    arrived_ids: set[int]


def attendance(
    *, conference: Conference, checkin_list: CheckinList, unit: MemberUnit | None = None
) -> Attendance:
    """Expected (approved) vs arrived on ``checkin_list``: per member unit in
    official order (chair, deputy, then collation), guests last; per role;
    and the latest arrivals. ``unit`` narrows everything to one unit."""
    from events.selectors import term_units_in_order

    people = conference.registrations.filter(status=RegistrationStatus.APPROVED).select_related(
        "role", "unit"
    )
    checkins = Checkin.objects.filter(
        checkin_list=checkin_list, annulled_at__isnull=True
    ).select_related("registration__role", "registration__unit", "device", "user")
    if unit is not None:
        people = people.filter(unit=unit)
        checkins = checkins.filter(registration__unit=unit)
    arrived_ids = set(checkins.values_list("registration_id", flat=True))
    units = {u.pk: UnitAttendance(u, u.name) for u in term_units_in_order(term=conference.term)}
    if unit is not None:
        units = {unit.pk: units.get(unit.pk) or UnitAttendance(unit, unit.name)}
    others = UnitAttendance(None, "")
    roles: dict[int, RoleAttendance] = {}
    for person in people.order_by("sort_key"):
        row = units.get(person.unit_id, others) if person.unit_id else others
        row.expected += 1
        role = roles.setdefault(
            person.role_id,
            RoleAttendance(
                person.role_id, person.role.name, person.role.colour, person.role.position
            ),
        )
        role.expected += 1
        if person.pk in arrived_ids:
            row.arrived += 1
            role.arrived += 1
        else:
            row.missing.append(person)
    rows = list(units.values()) + ([others] if others.expected else [])
    ordered_roles = sorted(roles.values(), key=lambda r: r.position)
    return Attendance(
        checkin_list=checkin_list,
        units=rows,
        roles=ordered_roles,
        latest=list(checkins.order_by("-created_at")[:LATEST_LIMIT]),
        expected=sum(r.expected for r in rows),
        arrived=sum(r.arrived for r in rows),
        arrived_ids=arrived_ids,
    )


OFFLINE_REVIEW_RESULTS = ("offline_conflict", "revoked_since")


def offline_conflicts(
    *, checkin_list: CheckinList, unit: MemberUnit | None = None
) -> list[CheckinRefusal]:
    """Scans a phone admitted without network that the server refused at
    sync (docs/offline.md): a second admission of someone already in, or a
    pass revoked meanwhile. Newest first, each with the person and phone."""
    found = CheckinRefusal.objects.filter(
        checkin_list=checkin_list, result__in=OFFLINE_REVIEW_RESULTS
    ).select_related("registration__unit", "device")
    if unit is not None:
        found = found.filter(registration__unit=unit)
    return list(found.order_by("-created_at")[:100])


def registrations_of_user(*, conference: Conference, user) -> list[Registration]:
    """The user's own registrations here: linked to the account, or under
    the account's email address."""
    if not user.is_authenticated:
        return []
    qs = conference.registrations.select_related("unit", "role")
    linked = list(qs.filter(user=user))
    by_email = list(qs.filter(user__isnull=True, email__iexact=user.email)) if user.email else []
    return linked + [r for r in by_email if r not in linked]
