"""Reads for the door desk: finding a delegate, the walk-ins of the day."""

from dataclasses import dataclass

from django.db.models import Q

from events.models import Checkin, Conference, Registration, RegistrationStatus, WalkIn
from events.names import fold

DESK_LIMIT = 20


@dataclass(frozen=True)
class DeskPerson:
    registration: Registration
    present: bool

    @property
    def may_print(self) -> bool:
        return self.registration.status == RegistrationStatus.APPROVED

    @property
    def may_be_replaced(self) -> bool:
        return not self.present and self.registration.unit_id is not None


def desk_search(*, conference: Conference, query: str, manual_code: str | None = None):
    """Approved and pending people whose name or unit matches ``query``
    without diacritics, or whose manual code is ``manual_code``; each with
    whether they are in the hall (an active check-in on any list)."""
    words = fold(query or "").split()[:5]
    if not words and not manual_code:
        return []
    qs = conference.registrations.filter(
        status__in=(RegistrationStatus.APPROVED, RegistrationStatus.PENDING)
    ).select_related("unit", "role")
    match = Q()
    for word in words:
        match &= Q(search_key__contains=word) | Q(unit__search_key__contains=word)
    if manual_code:
        match = (match if words else Q(pk__in=[])) | Q(manual_code=manual_code)
    people = list(qs.filter(match).order_by("sort_key")[:DESK_LIMIT])
    present = set(
        Checkin.objects.filter(registration__in=people, annulled_at__isnull=True).values_list(
            "registration_id", flat=True
        )
    )
    return [DeskPerson(person, person.pk in present) for person in people]


def walkins_recent(*, conference: Conference, limit: int = 30) -> list[WalkIn]:
    return list(
        WalkIn.objects.filter(conference=conference)
        .select_related("registration", "replaces", "requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def walkin_get(*, conference: Conference, pk: int) -> WalkIn | None:
    return WalkIn.objects.filter(conference=conference, pk=pk).first()


def registration_for_desk(*, conference: Conference, pk: int) -> Registration | None:
    return (
        conference.registrations.filter(pk=pk).select_related("unit", "role", "conference").first()
    )
