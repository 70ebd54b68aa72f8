"""Reads. Views and templates get their lists from here, already ordered."""

from django.db.models import Prefetch, Q, QuerySet

from events import permissions
from events.models import (
    Cluster,
    ClusterTerm,
    Conference,
    ConferenceStatus,
    Membership,
    MemberUnit,
    Registration,
    RegistrationStatus,
    StaffRole,
)
from events.names import person_collation_key, split_full_name


def conference_list_for_user(*, user) -> QuerySet[Conference]:
    """The conferences on a user's dashboard: all for site admins, else where
    the user has a staff role or a registration still taking part (the same
    rule as ``permissions.is_registered``)."""
    qs = Conference.objects.select_related("term__cluster", "host_unit")
    if permissions.is_site_admin(user):
        return qs
    return qs.filter(
        Q(pk__in=Membership.objects.filter(user=user).values("conference"))
        | Q(
            pk__in=Registration.objects.filter(
                Q(user=user) | Q(email__iexact=user.email),
                status__in=(RegistrationStatus.PENDING, RegistrationStatus.APPROVED),
            ).values("conference")
        )
    )


def conference_list_public() -> QuerySet[Conference]:
    return Conference.objects.filter(
        is_public=True, status__in=[ConferenceStatus.PUBLISHED, ConferenceStatus.FINISHED]
    ).select_related("term__cluster", "host_unit")


def conference_get(*, slug: str) -> Conference | None:
    return (
        Conference.objects.select_related(
            "term__cluster",
            "term__chair__province",
            "term__deputy__province",
            "host_unit__province",
        )
        .filter(slug=slug)
        .first()
    )


def term_units_in_order(*, term: ClusterTerm) -> list[MemberUnit]:
    """Member units in official order: chair, deputy, then Vietnamese collation."""
    units = list(
        term.members.select_related("province")
        .prefetch_related("province__successors")
        .order_by("sort_key")
    )
    rank = {term.chair_id: 0, term.deputy_id: 1}
    return sorted(units, key=lambda unit: rank.get(unit.pk, 2))


def conference_chairs(*, conference: Conference) -> list[Registration]:
    """The people presiding (chủ trì), in the order of their units' rank."""
    chairs = list(
        conference.registrations.filter(
            role__is_chair=True, status=RegistrationStatus.APPROVED
        ).select_related("unit", "role")
    )
    rank = {conference.term.chair_id: 0, conference.term.deputy_id: 1}
    return sorted(chairs, key=lambda r: (rank.get(r.unit_id, 2), r.sort_key))


def conference_staff(*, conference: Conference) -> list:
    """Staff by role (organizers first), then people in Vietnamese order."""
    rank = {role: position for position, role in enumerate(StaffRole.values)}
    memberships = conference.memberships.select_related("user", "unit")
    return sorted(
        memberships,
        key=lambda m: (rank[m.role], _person_key(m.user.name or m.user.email)),
    )


def _person_key(full_name: str) -> str:
    family, middle, given = split_full_name(full_name)
    return person_collation_key(family=family, middle=middle, given=given)


def cluster_list() -> QuerySet[Cluster]:
    return Cluster.objects.prefetch_related(
        Prefetch("terms", queryset=ClusterTerm.objects.select_related("chair", "deputy"))
    )


def cluster_units(*, cluster: Cluster) -> QuerySet[MemberUnit]:
    return cluster.units.select_related("province").order_by("sort_key")
