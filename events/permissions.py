"""Who may do what. Every view, consumer and template asks these predicates.

Each takes the user and the object and answers a bool; nothing else in the
app decides access.
"""

from django.db.models import Q

from events.models import (
    Conference,
    ConferenceStatus,
    MemberUnit,
    RegistrationStatus,
    StaffRole,
)


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


def can_write_next_term(user, conference: Conference) -> bool:
    """An election's result becomes next year's cluster term: the
    organizer confirms it (the chair of the meeting counts, not appoints)."""
    return can_manage_conference(user, conference)


def can_check_in(user, conference: Conference) -> bool:
    return can_manage_conference(user, conference) or StaffRole.CHECKIN in staff_roles(
        user, conference
    )


def can_view_conference(user, conference: Conference) -> bool:
    if can_manage_conference(user, conference):
        return True
    if conference.status == ConferenceStatus.DRAFT:
        return False
    if conference.is_public or staff_roles(user, conference):
        return True
    return is_registered(user, conference)


def is_registered(user, conference: Conference) -> bool:
    """A delegate: registered with this account or with its email address,
    and still taking part (pending or approved). A declined or cancelled
    registration opens nothing."""
    if not user.is_authenticated:
        return False
    return conference.registrations.filter(
        Q(user=user) | Q(email__iexact=user.email),
        status__in=(RegistrationStatus.PENDING, RegistrationStatus.APPROVED),
    ).exists()


def roles_user_may_invite(user, conference: Conference) -> list[str]:
    """Site admins name organizers; organizers invite everyone else."""
    if not can_manage_conference(user, conference):
        return []
    roles = [StaffRole.CHAIR, StaffRole.CHECKIN, StaffRole.LIAISON]
    if is_site_admin(user):
        roles.insert(0, StaffRole.ORGANIZER)
    return [str(role) for role in roles]


# --- Registration -----------------------------------------------------------


def can_manage_registrations(user, conference: Conference) -> bool:
    """Approve, decline, edit anyone, import, export, print badges."""
    return can_manage_conference(user, conference)


def liaison_unit_ids(user, conference: Conference) -> frozenset[int]:
    """The units this user registers as liaison (usually one)."""
    if StaffRole.LIAISON not in staff_roles(user, conference):
        return frozenset()
    cache = user.__dict__.setdefault("_liaison_units", {})
    if conference.pk not in cache:
        cache[conference.pk] = frozenset(
            conference.memberships.filter(user=user, role=StaffRole.LIAISON).values_list(
                "unit_id", flat=True
            )
        )
    return cache[conference.pk]


def can_register_for_unit(user, conference: Conference, unit_id: int | None) -> bool:
    """Organizers register anyone; a liaison only people of their own unit."""
    if can_manage_registrations(user, conference):
        return True
    return unit_id is not None and unit_id in liaison_unit_ids(user, conference)


def can_edit_registration(user, registration) -> bool:
    return can_register_for_unit(user, registration.conference, registration.unit_id)


def can_send_mailings(user, conference: Conference) -> bool:
    """Bulk email (passes to all, reminders) and its send log: organizers."""
    return can_manage_conference(user, conference)


def can_share_pass(user, registration) -> bool:
    """See, send and forward a delegate's pass: organizers, and the liaison
    of the delegate's unit (their own unit's passes only)."""
    return can_edit_registration(user, registration)


def can_view_attendance(user, conference: Conference) -> bool:
    """The live attendance board: organizers, chairs, check-in staff and
    unit liaisons (who see their own unit only)."""
    roles = staff_roles(user, conference)
    return can_chair(user, conference) or bool(roles & {StaffRole.CHECKIN, StaffRole.LIAISON})


def attendance_unit_for(user, conference: Conference) -> MemberUnit | None:
    """The one unit a liaison's attendance board is limited to; None when
    the user sees every unit."""
    if can_chair(user, conference) or StaffRole.CHECKIN in staff_roles(user, conference):
        return None
    membership = (
        conference.memberships.filter(user=user, role=StaffRole.LIAISON)
        .select_related("unit")
        .first()
    )
    return membership.unit if membership else None


def can_view_agenda(user, conference: Conference) -> bool:
    """Delegate view, big screen, live socket and exports: whoever may see the
    conference (registered delegates and staff; anyone when it is public)."""
    return can_view_conference(user, conference)


def can_edit_agenda(user, conference: Conference) -> bool:
    return can_manage_conference(user, conference)


def can_run_agenda(user, conference: Conference) -> bool:
    """The chair console: chairs and organizers of this conference."""
    return can_chair(user, conference)


# --- Activity log -------------------------------------------------------------


def can_view_activity(user, conference: Conference) -> bool:
    """The conference's activity log: its organizers and site admins."""
    return can_manage_conference(user, conference)


# --- At the door -------------------------------------------------------------


def can_print_badge(user, conference: Conference) -> bool:
    """One delegate's badge from the door desk: check-in staff and organizers
    (the whole batch stays with ``can_manage_registrations``)."""
    return can_check_in(user, conference)


def can_register_walkin(user, conference: Conference) -> bool:
    """Ask for a walk-in (a guest, or a replacement of an absent delegate)."""
    return can_check_in(user, conference)


def can_approve_walkin(user, conference: Conference) -> bool:
    """Organizers always; check-in staff when the conference lets them
    (registration settings, "check-in staff may approve walk-ins")."""
    if can_manage_conference(user, conference):
        return True
    if StaffRole.CHECKIN not in staff_roles(user, conference):
        return False
    policy = getattr(conference, "registration_policy", None)
    return bool(policy and policy.staff_approve_walkins)


# --- The meeting's papers ---------------------------------------------------------


def can_manage_invitations(user, conference: Conference) -> bool:
    """Invitation letters: their settings, previews and downloads."""
    return can_manage_conference(user, conference)


def can_view_attendance_report(user, conference: Conference) -> bool:
    """The attendance report and statistics sent upward after the meeting:
    organizers and chairs (not liaisons, who see only their own unit)."""
    return can_chair(user, conference)


# --- Documents for delegates ------------------------------------------------------------


def can_manage_documents(user, conference: Conference) -> bool:
    """Upload, reorder, publish and delete the conference's documents."""
    return can_manage_conference(user, conference)


def can_read_documents(user, conference: Conference, *, pass_holder=None) -> bool:
    """The conference's published documents: its staff (any role), site
    admins, and delegates with an approved registration, by their account or
    (``pass_holder``) by the pass link this browser opened. Being able to see
    a public conference is not enough: the papers are for those taking part."""
    if can_manage_documents(user, conference):
        return True
    if conference.status == ConferenceStatus.DRAFT:
        return False
    if staff_roles(user, conference):
        return True
    if (
        pass_holder is not None
        and pass_holder.conference_id == conference.pk
        and pass_holder.status == RegistrationStatus.APPROVED
    ):
        return True
    if not user.is_authenticated:
        return False
    return conference.registrations.filter(
        Q(user=user) | Q(email__iexact=user.email), status=RegistrationStatus.APPROVED
    ).exists()


def can_vote(user, conference: Conference) -> bool:
    """The delegate's ballot page: an approved registration of this
    conference. Whether they are in a poll's electorate is the service's."""
    if not getattr(user, "is_authenticated", False):
        return False
    return conference.registrations.filter(
        Q(user=user) | Q(email__iexact=user.email), status=RegistrationStatus.APPROVED
    ).exists()
