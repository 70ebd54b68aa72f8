"""Who may do what. Every view, consumer and template asks these predicates.

Each takes the user and the object and answers a bool; nothing else in the
app decides access.
"""

from events.models import Conference, ConferenceStatus, MemberUnit, StaffRole


def is_site_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def staff_roles(user, conference: Conference) -> frozenset[str]:
    """The user's staff roles in this conference (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_conference_roles", {})
    if conference.pk not in cache:
        cache[conference.pk] = frozenset(
            conference.memberships.filter(user=user).values_list("role", flat=True)
        )
    return cache[conference.pk]


def can_manage_conference(user, conference: Conference) -> bool:
    return is_site_admin(user) or StaffRole.ORGANIZER in staff_roles(user, conference)


def can_chair(user, conference: Conference) -> bool:
    return can_manage_conference(user, conference) or StaffRole.CHAIR in staff_roles(
        user, conference
    )


def can_check_in(user, conference: Conference) -> bool:
    return can_manage_conference(user, conference) or StaffRole.CHECKIN in staff_roles(
        user, conference
    )


def can_view_delegates(user, conference: Conference) -> bool:
    """The full delegate list: organizers and chairs."""
    return can_chair(user, conference)


def is_liaison_for(user, conference: Conference, unit: MemberUnit) -> bool:
    if StaffRole.LIAISON not in staff_roles(user, conference):
        return False
    return conference.memberships.filter(user=user, role=StaffRole.LIAISON, unit=unit).exists()


def can_view_conference(user, conference: Conference) -> bool:
    if can_manage_conference(user, conference):
        return True
    if conference.status == ConferenceStatus.DRAFT:
        return False
    if conference.is_public or staff_roles(user, conference):
        return True
    return bool(user.is_authenticated and conference.registrations.filter(user=user).exists())


def roles_user_may_invite(user, conference: Conference) -> list[str]:
    """Site admins name organizers; organizers invite everyone else."""
    if not can_manage_conference(user, conference):
        return []
    roles = [StaffRole.CHAIR, StaffRole.CHECKIN, StaffRole.LIAISON]
    if is_site_admin(user):
        roles.insert(0, StaffRole.ORGANIZER)
    return [str(role) for role in roles]


def can_view_agenda(user, conference: Conference) -> bool:
    """Delegate view, big screen, live socket and exports: whoever may see the
    conference (registered delegates and staff; anyone when it is public)."""
    return can_view_conference(user, conference)


def can_edit_agenda(user, conference: Conference) -> bool:
    return can_manage_conference(user, conference)


def can_run_agenda(user, conference: Conference) -> bool:
    """The chair console: chairs and organizers of this conference."""
    return can_chair(user, conference)
