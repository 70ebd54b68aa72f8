"""Create, edit, approve / decline registrations.

Every write goes through ``registration_create`` or ``registration_update``,
which check (in this order) the deadline (liaisons only), the fields
(``registration_prepare``), duplicates and quotas, then save.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    RegistrationStatus,
)
from events.services.activity import SYSTEM, ActivityMeta, activity_record
from events.services.registrations.checks import (
    ACTIVE_STATUSES,
    check_quotas,
    duplicate_error,
    find_duplicate,
    lock_conference,
    member_unit_ids,
    registration_prepare,
)
from events.services.registrations.passes import new_pass_code, registration_send_pass
from events.services.registrations.policy import deadline_passed, policy_for

EDITABLE_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "title",
    "unit",
    "organization",
    "role",
    "email",
    "phone",
    "gender",
    "notes",
)


def registration_create(
    *,
    conference: Conference,
    given_name: str,
    role: DelegateRole,
    family_name: str = "",
    middle_name: str = "",
    title: str = "",
    unit: MemberUnit | None = None,
    organization: str = "",
    email: str = "",
    phone: str = "",
    gender: str = "",
    notes: str = "",
    status: str | None = None,
    user=None,
    created_by=None,
    by_liaison: bool = False,
    allow_duplicate: bool = False,
    notify: bool = False,
) -> Registration:
    """Register a person. Liaisons are held to the deadline; everyone to quotas.

    ``status`` None means pending, or approved when the policy auto-approves
    liaisons' registrations. A possible duplicate is refused (code
    ``duplicate``) unless ``allow_duplicate``, then kept with ``duplicate_of``.
    """
    registration = Registration(
        conference=conference,
        user=user,
        created_by=created_by,
        code=new_pass_code(),
        code_issued_at=timezone.now(),
    )
    if status is None:
        auto = by_liaison and policy_for(conference).auto_approve
        status = RegistrationStatus.APPROVED if auto else RegistrationStatus.PENDING
    registration.status = status
    values = {
        "family_name": family_name,
        "middle_name": middle_name,
        "given_name": given_name,
        "title": title,
        "unit": unit,
        "organization": organization,
        "role": role,
        "email": email,
        "phone": phone,
        "gender": gender,
        "notes": notes,
    }
    with transaction.atomic():
        _apply(registration, values, by_liaison=by_liaison, allow_duplicate=allow_duplicate)
        registration.save()
        if notify and registration.status == RegistrationStatus.APPROVED:
            transaction.on_commit(lambda: registration_send_pass(registration=registration))
    return registration


def registration_update(
    *,
    registration: Registration,
    by_liaison: bool = False,
    allow_duplicate: bool = False,
    **changes,
) -> Registration:
    """Change the person's details (any of ``EDITABLE_FIELDS``)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    values = {name: getattr(registration, name) for name in EDITABLE_FIELDS}
    values.update(changes)
    with transaction.atomic():
        _apply(registration, values, by_liaison=by_liaison, allow_duplicate=allow_duplicate)
        registration.save()
    return registration


def _apply(registration: Registration, values: dict, *, by_liaison: bool, allow_duplicate: bool):
    conference = registration.conference
    if by_liaison and deadline_passed(conference):
        raise ValidationError(
            _("The registration deadline has passed; please contact the organizers."),
            code="deadline_passed",
        )
    registration_prepare(registration, values, member_ids=member_unit_ids(conference))
    lock_conference(conference)
    duplicate = find_duplicate(registration)
    if duplicate is not None:
        if not allow_duplicate:
            raise duplicate_error(registration, duplicate)
        registration.duplicate_of = duplicate
    if registration.status in ACTIVE_STATUSES:
        check_quotas(registration)


def registration_set_status(
    *,
    registration: Registration,
    status: str,
    notify: bool = True,
    meta: ActivityMeta = SYSTEM,
) -> Registration:
    """Approve, decline or cancel. Approving checks quotas and sends the pass."""
    with transaction.atomic():
        registration = Registration.objects.select_related("role", "unit", "conference").get(
            pk=registration.pk
        )
        if registration.status == status:
            return registration
        registration.status = status
        if status in ACTIVE_STATUSES:
            lock_conference(registration.conference)
            check_quotas(registration)
        registration.save(update_fields=["status", "updated_at"])
        activity_record(
            conference=registration.conference,
            action=f"registration.{status}",
            obj=registration,
            meta=meta,
        )
        if notify and status == RegistrationStatus.APPROVED:
            transaction.on_commit(lambda: registration_send_pass(registration=registration))
    return registration


def registration_approve(
    *, registration: Registration, notify: bool = True, meta: ActivityMeta = SYSTEM
) -> Registration:
    return registration_set_status(
        registration=registration, status=RegistrationStatus.APPROVED, notify=notify, meta=meta
    )


def registration_decline(
    *, registration: Registration, meta: ActivityMeta = SYSTEM
) -> Registration:
    return registration_set_status(
        registration=registration, status=RegistrationStatus.DECLINED, meta=meta
    )


def registrations_bulk_approve(
    *,
    conference: Conference,
    ids: Iterable[int],
    notify: bool = True,
    meta: ActivityMeta = SYSTEM,
) -> tuple[list[Registration], list[tuple[Registration, ValidationError]]]:
    """Approve the pending ones among ``ids``; returns (approved, refused with reason)."""
    approved, refused = [], []
    pending = conference.registrations.filter(
        pk__in=list(ids), status=RegistrationStatus.PENDING
    ).order_by("sort_key")
    for registration in pending:
        try:
            approved.append(
                registration_approve(registration=registration, notify=notify, meta=meta)
            )
        except ValidationError as error:
            refused.append((registration, error))
    if approved or refused:
        activity_record(
            conference=conference,
            action="registrations.bulk_approved",
            data={"approved": len(approved), "refused": len(refused)},
            meta=meta,
        )
    return approved, refused
