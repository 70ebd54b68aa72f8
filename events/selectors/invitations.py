"""Reads for the invitation letters: the settings, who is invited (member
units in official order, then guest organisations), what each is asked to
send, and whom each letter can be emailed to."""

from __future__ import annotations

from dataclasses import dataclass, field

from events.models import (
    Conference,
    DelegateRole,
    InvitationSetup,
    Membership,
    MemberUnit,
    RegistrationPolicy,
    StaffRole,
    UnitQuota,
)


def invitation_setup_for(*, conference: Conference) -> InvitationSetup:
    """The stored settings, or unsaved defaults drawn from the host unit."""
    setup = InvitationSetup.objects.filter(conference=conference).first()
    if setup is not None:
        return setup
    host = conference.host_unit
    return InvitationSetup(
        conference=conference,
        place=host.short_name,
        issuing_body=host.name.upper(),
    )


@dataclass(frozen=True)
class Invitee:
    """Who one letter is addressed to: a member unit, or a guest organisation
    (``guest_index`` counts from 1 in the settings' list)."""

    name: str
    unit: MemberUnit | None = None
    guest_index: int = 0

    @property
    def key(self) -> str:
        """Stable in file names and links: ``u<unit id>`` or ``g<index>``."""
        return f"u{self.unit.pk}" if self.unit else f"g{self.guest_index}"


def invitees(*, conference: Conference, setup: InvitationSetup | None = None) -> list[Invitee]:
    """Every letter to write: member units (chair, deputy, then collation),
    then the guest organisations in the order the organizer listed them."""
    from events.selectors import term_units_in_order

    setup = setup or invitation_setup_for(conference=conference)
    units = [Invitee(u.name, unit=u) for u in term_units_in_order(term=conference.term)]
    guests = [Invitee(name, guest_index=i) for i, name in enumerate(setup.guest_names, start=1)]
    return units + guests


def invitee_for_unit(*, conference: Conference, unit: MemberUnit) -> Invitee | None:
    if not conference.term.members.filter(pk=unit.pk).exists():
        return None
    return Invitee(unit.name, unit=unit)


def invitee_for_guest(
    *, conference: Conference, index: int, setup: InvitationSetup | None = None
) -> Invitee | None:
    setup = setup or invitation_setup_for(conference=conference)
    names = setup.guest_names
    if not 1 <= index <= len(names):
        return None
    return Invitee(names[index - 1], guest_index=index)


@dataclass(frozen=True)
class AskedRole:
    name: str
    places: int | None  # None: the role counts, but has no number of its own


@dataclass(frozen=True)
class Delegation:
    """What a unit is asked to send: roles (with their places) and a total."""

    roles: list[AskedRole]
    total: int | None


def delegation_asked(*, conference: Conference, unit: MemberUnit | None) -> Delegation:
    """The roles that count toward a unit's quota, with the places of each
    (``quota_per_unit``), and the unit's total (its own quota, else the
    policy's). Guests are asked for no numbers."""
    roles = [
        AskedRole(role.name, role.quota_per_unit)
        for role in DelegateRole.objects.filter(
            conference=conference, counts_toward_quota=True, is_chair=False
        ).order_by("position")
    ]
    if unit is None:
        return Delegation(roles=[], total=None)
    override = UnitQuota.objects.filter(conference=conference, unit=unit).first()
    policy = RegistrationPolicy.objects.filter(conference=conference).first()
    total = override.places if override else (policy.unit_quota if policy else None)
    return Delegation(roles=roles, total=total)


def reply_deadline(*, conference: Conference):
    policy = RegistrationPolicy.objects.filter(conference=conference).first()
    return policy.deadline if policy else None


@dataclass
class InvitationRow:
    """One line of the organizer's page: the invitee, its liaisons, and
    whether the letter can be emailed (a liaison with an address)."""

    invitee: Invitee
    liaisons: list[Membership] = field(default_factory=list)

    @property
    def emails(self) -> list[str]:
        return [m.user.email for m in self.liaisons if m.user.email]

    @property
    def can_email(self) -> bool:
        return bool(self.emails)


def invitation_rows(*, conference: Conference, setup: InvitationSetup | None = None):
    memberships: dict[int, list[Membership]] = {}
    for membership in (
        conference.memberships.filter(role=StaffRole.LIAISON)
        .select_related("user")
        .order_by("created_at")
    ):
        memberships.setdefault(membership.unit_id, []).append(membership)
    return [
        InvitationRow(invitee, memberships.get(invitee.unit.pk, []) if invitee.unit else [])
        for invitee in invitees(conference=conference, setup=setup)
    ]
