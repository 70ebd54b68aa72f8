"""After the meeting: who was expected, who came and when, per unit and per
role; the arrival distribution, late arrivals and absentees. Counted on the
main entrance's list (one admission per person; annulled scans do not count),
against the approved registrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from events.models import Checkin, CheckinList, Conference, Registration, RegistrationStatus

BUCKET = timedelta(minutes=15)


@dataclass
class PersonRow:
    registration: Registration
    arrived_at: datetime | None = None

    @property
    def minutes_late(self) -> int:
        start = self.registration.conference.starts_at
        if self.arrived_at is None or self.arrived_at <= start:
            return 0
        return int((self.arrived_at - start).total_seconds() // 60)


@dataclass
class UnitRow:
    name: str
    is_guests: bool = False
    people: list[PersonRow] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.people)

    @property
    def present(self) -> int:
        return sum(1 for p in self.people if p.arrived_at)

    @property
    def absent(self) -> list[PersonRow]:
        return [p for p in self.people if p.arrived_at is None]

    @property
    def first_arrival(self) -> datetime | None:
        return min((p.arrived_at for p in self.people if p.arrived_at), default=None)

    @property
    def last_arrival(self) -> datetime | None:
        return max((p.arrived_at for p in self.people if p.arrived_at), default=None)


@dataclass
class RoleRow:
    name: str
    expected: int = 0
    present: int = 0


@dataclass
class Bucket:
    starts: datetime
    count: int

    @property
    def ends(self) -> datetime:
        return self.starts + BUCKET


@dataclass
class AttendanceReport:
    conference: Conference
    checkin_list: CheckinList
    units: list[UnitRow]
    roles: list[RoleRow]
    arrivals: list[Bucket]
    late: list[tuple[UnitRow, PersonRow]]
    made_at: datetime

    @property
    def member_units(self) -> list[UnitRow]:
        return [u for u in self.units if not u.is_guests]

    @property
    def units_expected(self) -> int:
        return sum(1 for u in self.member_units if u.expected)

    @property
    def units_present(self) -> int:
        return sum(1 for u in self.member_units if u.present)

    @property
    def expected(self) -> int:
        return sum(u.expected for u in self.units)

    @property
    def present(self) -> int:
        return sum(u.present for u in self.units)

    @property
    def absent(self) -> int:
        return self.expected - self.present

    @property
    def rate(self) -> int:
        """Present over expected, in whole percent."""
        return round(100 * self.present / self.expected) if self.expected else 0


def _floor(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)


def attendance_report(*, conference: Conference, checkin_list: CheckinList) -> AttendanceReport:
    from events.selectors import term_units_in_order

    people = list(
        conference.registrations.filter(status=RegistrationStatus.APPROVED)
        .select_related("role", "unit", "conference")
        .order_by("sort_key")
    )
    arrived: dict[int, datetime] = {}
    for registration_id, moment in Checkin.objects.filter(
        checkin_list=checkin_list, annulled_at__isnull=True
    ).values_list("registration_id", "created_at"):
        if registration_id not in arrived or moment < arrived[registration_id]:
            arrived[registration_id] = moment
    units = {u.pk: UnitRow(u.name) for u in term_units_in_order(term=conference.term)}
    guests = UnitRow("", is_guests=True)
    roles: dict[int, RoleRow] = {}
    positions: dict[int, int] = {}
    for person in people:
        row = PersonRow(person, arrived.get(person.pk))
        unit = units.get(person.unit_id) if person.unit_id else None
        (unit or guests).people.append(row)
        role = roles.setdefault(person.role_id, RoleRow(person.role.name))
        positions[person.role_id] = person.role.position
        role.expected += 1
        role.present += 1 if row.arrived_at else 0
    rows = list(units.values()) + ([guests] if guests.people else [])
    counts: dict[datetime, int] = {}
    for row in rows:
        for person in row.people:
            if person.arrived_at:
                key = _floor(person.arrived_at)
                counts[key] = counts.get(key, 0) + 1
    buckets = []
    if counts:
        moment, last = min(counts), max(counts)
        while moment <= last:
            buckets.append(Bucket(moment, counts.get(moment, 0)))
            moment += BUCKET
    late = sorted(
        ((row, p) for row in rows for p in row.people if p.minutes_late > 0),
        key=lambda pair: pair[1].arrived_at,
    )
    return AttendanceReport(
        conference=conference,
        checkin_list=checkin_list,
        units=rows,
        roles=[roles[k] for k in sorted(roles, key=lambda k: positions[k])],
        arrivals=buckets,
        late=late,
        made_at=timezone.now(),
    )
