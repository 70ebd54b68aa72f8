"""What the session rules need to know about a user, in one or two queries."""

from dataclasses import dataclass

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
