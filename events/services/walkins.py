"""Walk-ins at the door: a guest, or a replacement of an absent delegate.

Check-in staff ask (``walkin_request``); whoever may approve (organizers, or
staff when the conference lets them: ``permissions.can_approve_walkin``)
approves at once or later (``walkin_approve``), which registers the person
within the quotas, cancels the delegate they replace and admits them on the
list they came through. Each step is audited.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import (
    Checkin,
    CheckinList,
    CheckinMethod,
    Conference,
    Registration,
    RegistrationStatus,
    WalkIn,
    WalkInKind,
    WalkInStatus,
)
from events.services.activity import SYSTEM, activity_record
from events.services.checkin import Result, checkin_perform
from events.services.registrations import (
    ACTIVE_STATUSES,
    lock_conference,
    member_unit_ids,
    registration_create,
    registration_prepare,
    registration_set_status,
)

PERSON_FIELDS = ("family_name", "middle_name", "given_name", "title", "organization", "phone")


def _present(registration: Registration) -> bool:
    return Checkin.objects.filter(registration=registration, annulled_at__isnull=True).exists()


def _check_replaced(conference: Conference, replaces: Registration | None) -> Registration:
    if replaces is None or replaces.conference_id != conference.pk or replaces.unit_id is None:
        raise DomainError(
            _("Choose the absent delegate of a member unit who is being replaced."),
            "walkin_replaces_nobody",
        )
    if replaces.status not in ACTIVE_STATUSES:
        raise DomainError(
            _("%(name)s is no longer registered: register a guest instead.")
            % {"name": replaces.full_name},
            "walkin_replaced_inactive",
        )
    if _present(replaces):
        raise DomainError(
            _("%(name)s has already checked in: a present delegate cannot be replaced.")
            % {"name": replaces.full_name},
            "walkin_replaced_present",
        )
    return replaces


def _validated(conference: Conference, kind: str, person: dict, role, unit) -> Registration:
    """The registration the request would become, checked now (fields, role,
    unit) so staff see a refusal at the door, not when it is approved."""
    probe = Registration(conference=conference)
    values = {name: person.get(name, "") for name in PERSON_FIELDS}
    values.update(role=role, unit=unit, email="", gender="", notes="")
    registration_prepare(probe, values, member_ids=member_unit_ids(conference))
    return probe


def walkin_request(
    *,
    conference: Conference,
    kind: str,
    person: dict,
    role=None,
    replaces: Registration | None = None,
    checkin_list: CheckinList,
    approve: bool,
    meta=SYSTEM,
) -> WalkIn:
    """Record a walk-in; with ``approve`` (the caller may approve), register and
    admit them in the same transaction."""
    if kind not in WalkInKind.values:
        raise DomainError(_("Choose a guest or a replacement."), "walkin_kind")
    if checkin_list.conference_id != conference.pk:
        raise DomainError(_("This list belongs to another conference."), "foreign_list")
    with transaction.atomic():
        lock_conference(conference)
        unit = None
        if kind == WalkInKind.REPLACEMENT:
            replaces = _check_replaced(conference, replaces)
            role, unit = replaces.role, replaces.unit
        else:
            replaces = None
        if role is None:
            raise DomainError(_("Choose a role."), "walkin_role")
        probe = _validated(conference, kind, person, role, unit)
        walkin = WalkIn.objects.create(
            conference=conference,
            kind=kind,
            person={
                **{name: getattr(probe, name) for name in PERSON_FIELDS},
                "role_id": role.pk,
                "unit_id": unit.pk if unit else None,
            },
            full_name=probe.full_name,
            replaces=replaces,
            checkin_list=checkin_list,
            requested_by=_user(meta),
        )
        activity_record(
            conference=conference,
            action="walkin.requested",
            obj=walkin,
            data={"kind": kind, "replaces": replaces.pk if replaces else None},
            meta=meta,
        )
        if approve:
            walkin = walkin_approve(walkin=walkin, meta=meta)
    return walkin


def _user(meta):
    user = getattr(meta, "user", None)
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _locked(walkin: WalkIn) -> WalkIn:
    lock_conference(walkin.conference)
    return (
        WalkIn.objects.select_for_update(of=("self",))
        .select_related("conference", "checkin_list", "replaces__unit", "replaces__role")
        .get(pk=walkin.pk)
    )


def walkin_approve(*, walkin: WalkIn, meta=SYSTEM) -> WalkIn:
    """Register the walk-in (quotas checked after the replaced delegate is
    cancelled) and admit them. Approving twice answers the first approval."""
    with transaction.atomic():
        walkin = _locked(walkin)
        if walkin.status == WalkInStatus.APPROVED:
            return walkin
        if walkin.status != WalkInStatus.PENDING:
            raise DomainError(_("This walk-in was declined."), "walkin_decided")
        conference = walkin.conference
        person = walkin.person
        if walkin.kind == WalkInKind.REPLACEMENT:
            replaced = _check_replaced(conference, walkin.replaces)
            registration_set_status(
                registration=replaced,
                status=RegistrationStatus.CANCELLED,
                notify=False,
                meta=meta,
            )
        registration = registration_create(
            conference=conference,
            role=conference.roles.get(pk=person["role_id"]),
            unit=conference.term.members.filter(pk=person["unit_id"]).first()
            if person.get("unit_id")
            else None,
            status=RegistrationStatus.APPROVED,
            created_by=_user(meta),
            **{name: person.get(name, "") for name in PERSON_FIELDS},
        )
        result = checkin_perform(
            conference=conference,
            checkin_list=walkin.checkin_list,
            registration_id=registration.pk,
            nonce=f"walk-in-{walkin.pk}",
            method=CheckinMethod.MANUAL,
            user=_user(meta),
        )
        if result.result != Result.OK:
            raise DomainError(result.message, f"walkin_{result.result}")
        walkin.status = WalkInStatus.APPROVED
        walkin.registration = registration
        walkin.decided_by = _user(meta)
        walkin.decided_at = timezone.now()
        walkin.save(update_fields=["status", "registration", "decided_by", "decided_at"])
        activity_record(
            conference=conference,
            action="walkin.approved",
            obj=walkin,
            data={
                "kind": walkin.kind,
                "registration": registration.pk,
                "replaces": walkin.replaces_id,
            },
            meta=meta,
        )
    return walkin


def walkin_decline(*, walkin: WalkIn, meta=SYSTEM) -> WalkIn:
    with transaction.atomic():
        walkin = _locked(walkin)
        if walkin.status == WalkInStatus.DECLINED:
            return walkin
        if walkin.status != WalkInStatus.PENDING:
            raise DomainError(_("This walk-in was already admitted."), "walkin_decided")
        walkin.status = WalkInStatus.DECLINED
        walkin.decided_by = _user(meta)
        walkin.decided_at = timezone.now()
        walkin.save(update_fields=["status", "decided_by", "decided_at"])
        activity_record(
            conference=walkin.conference,
            action="walkin.declined",
            obj=walkin,
            data={"kind": walkin.kind},
            meta=meta,
        )
    return walkin


def badge_printed(*, registration: Registration, meta=SYSTEM) -> None:
    """Audit a badge printed at the door (who, for whom, when)."""
    activity_record(
        conference=registration.conference,
        action="badge.printed",
        obj=registration,
        meta=meta,
    )
