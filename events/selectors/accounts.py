"""What the session rules need to know about a user, in one or two queries."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from events.models import Membership, StaffRole


@dataclass(frozen=True)
class SessionPolicy:
    must_use_mfa: bool  # organizers and site administrators
    has_totp: bool
    shared_device: bool  # only check-in roles: a door phone handed around


def session_policy(*, user, check_totp: bool = True) -> SessionPolicy:
    if user.is_superuser or user.is_staff:
        roles, must_use_mfa = frozenset(), True
    else:
        roles = frozenset(
            Membership.objects.filter(user=user).values_list("role", flat=True).distinct()
        )
        must_use_mfa = StaffRole.ORGANIZER in roles
    has_totp = False
    if must_use_mfa and check_totp:
        from allauth.mfa.models import Authenticator

        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return SessionPolicy(
        must_use_mfa=must_use_mfa,
        has_totp=has_totp,
        shared_device=roles == {StaffRole.CHECKIN},
    )


def liaison_landing_path(*, user) -> str | None:
    """Where a liaison lands after logging in: the unit page of the liaison's
    next conference (the latest one when all are past). None for anyone who
    also holds another role, or who registers several units of that
    conference: they choose on the home page. One query."""
    memberships = list(Membership.objects.filter(user=user).select_related("conference"))
    if not memberships or any(m.role != StaffRole.LIAISON for m in memberships):
        return None
    now = timezone.now()
    upcoming = [m for m in memberships if m.conference.ends_at >= now]
    if upcoming:
        first = min(upcoming, key=lambda m: m.conference.starts_at)
    else:
        first = max(memberships, key=lambda m: m.conference.starts_at)
    units = {m.unit_id for m in memberships if m.conference_id == first.conference_id}
    if len(units) != 1:
        return None
    return reverse(
        "events:liaison_unit", kwargs={"slug": first.conference.slug, "unit_id": first.unit_id}
    )
