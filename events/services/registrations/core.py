"""Create, edit, approve / decline registrations.

Every write goes through ``registration_create`` or ``registration_update``,
which check (in this order) the deadline (liaisons only), the fields
(``registration_prepare``), duplicates and quotas, then save.

Identity follows the person: an edit that turns an approved registration
into someone else (see ``is_other_person``) takes back the approval and the
pass code.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import (
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    RegistrationStatus,
)
from events.names import clean_text
from events.services.activity import SYSTEM, ActivityMeta, activity_record
from events.services.registrations.checks import (
    ACTIVE_STATUSES,
    check_quotas,
    duplicate_error,
    field_error,
    find_duplicate,
    lock_conference,
    member_unit_ids,
    registration_prepare,
)
from events.services.registrations.followers import (
    email_pinned,
    notify_email_changed,
    notify_left,
)
from events.services.registrations.notices import registration_send_declined
from events.services.registrations.passes import (
    new_manual_code,
    new_pass_code,
    registration_reissue_code,
    registration_send_pass,
)
from events.services.registrations.policy import deadline_passed, policy_for

DECLINE_REASON_MAX = 500

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
        manual_code=new_manual_code(),
        code_issued_at=timezone.now(),
    )
    if status is None:
        auto = by_liaison and policy_for(conference).auto_approve
        status = RegistrationStatus.APPROVED if auto else RegistrationStatus.PENDING
    registration.status = status
    if by_liaison and role.is_chair:
        raise field_error(
            "role", _("The organizers choose who chairs the conference."), "chair_by_organizer"
        )
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
    changed_by=None,
    **changes,
) -> Registration:
    """Change the person's details (any of ``EDITABLE_FIELDS``).

    A liaison may not change the email of someone whose signing link goes
    there (code ``email_pinned``); an organizer may, and the copies follow.
    Turning an approved registration into another person sends it back to
    pending with a new pass code, and unlinks the old account.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    values = {name: getattr(registration, name) for name in EDITABLE_FIELDS}
    values.update(changes)
    with transaction.atomic():
        # What the edit is compared with, and the status it may take back,
        # come from the row under lock, not from the caller's copy: an
        # approval made since it was read must not be lost or kept wrongly.
        lock_conference(registration.conference)
        current = (
            Registration.objects.select_for_update(of=("self",))
            .only("status", "user", "code", "code_issued_at", "email", "search_key")
            .get(pk=registration.pk)
        )
        registration.status, registration.user_id = current.status, current.user_id
        registration.code, registration.code_issued_at = current.code, current.code_issued_at
        old_email, old_search_key = current.email, current.search_key
        _apply(registration, values, by_liaison=by_liaison, allow_duplicate=allow_duplicate)
        email_changed = registration.email != old_email
        if email_changed and by_liaison and email_pinned(registration):
            raise field_error(
                "email",
                _(
                    "This delegate signs the covenant for the unit and the signing link "
                    "goes to this address; only the organizers can change it."
                ),
                "email_pinned",
            )
        other_person = is_other_person(
            old_search_key=old_search_key,
            old_email=old_email,
            search_key=registration.search_key,
            email=registration.email,
        )
        saved = [*EDITABLE_FIELDS, "sort_key", "search_key", "duplicate_of", "updated_at"]
        if other_person:
            registration.user = None
            if registration.status == RegistrationStatus.APPROVED:
                registration.status = RegistrationStatus.PENDING
            saved += ["status", "user"]
        registration.save(update_fields=saved)
        if other_person:
            registration_reissue_code(registration=registration)
            notify_left(registration, changed_by)
        if email_changed:
            notify_email_changed(registration, old_email, changed_by)
    return registration


def is_other_person(*, old_search_key: str, old_email: str, search_key: str, email: str) -> bool:
    """Whether an edit names a different person rather than correcting one.

    The rule: the folded name (no diacritics, case or spacing) changed, or a
    new non-empty email replaced the old one. Fixing diacritics, case,
    spacing or Unicode form keeps the person; so does removing the email.
    Emails are compared as stored (lower-cased).
    """
    return search_key != old_search_key or bool(email and email != old_email)


def _apply(registration: Registration, values: dict, *, by_liaison: bool, allow_duplicate: bool):
    conference = registration.conference
    if by_liaison and deadline_passed(conference):
        raise DomainError(
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
    reason: str = "",
    by=None,
    meta: ActivityMeta = SYSTEM,
) -> Registration:
    """Approve, decline or cancel. Approving checks quotas and sends the pass;
    declining needs a reason, kept and emailed to the unit's liaisons."""
    reason = clean_text(reason)
    if status == RegistrationStatus.DECLINED and not reason:
        raise field_error("reason", _("Say why the registration is declined."), "reason_required")
    if len(reason) > DECLINE_REASON_MAX:
        raise field_error(
            "reason",
            _("Keep the reason under %(n)s characters.") % {"n": DECLINE_REASON_MAX},
            "reason_too_long",
        )
    with transaction.atomic():
        # Conference first, then the registration: the order every write takes
        # (registration_update locks the conference before saving the row).
        lock_conference(registration.conference)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("role", "unit", "conference")
            .get(pk=registration.pk)
        )
        if registration.status == status:
            return registration
        registration.status = status
        registration.decline_reason = reason if status == RegistrationStatus.DECLINED else ""
        if status in ACTIVE_STATUSES:
            check_quotas(registration)
        registration.save(update_fields=["status", "decline_reason", "updated_at"])
        activity_record(
            conference=registration.conference,
            action=f"registration.{status}",
            obj=registration,
            data={"reason": reason} if reason else None,
            meta=meta,
        )
        if status not in ACTIVE_STATUSES:
            notify_left(registration, by)
        if notify and status == RegistrationStatus.APPROVED:
            transaction.on_commit(lambda: registration_send_pass(registration=registration))
        if notify and status == RegistrationStatus.DECLINED:
            transaction.on_commit(lambda: registration_send_declined(registration=registration))
    return registration


def registration_approve(
    *, registration: Registration, notify: bool = True, meta: ActivityMeta = SYSTEM
) -> Registration:
    return registration_set_status(
        registration=registration, status=RegistrationStatus.APPROVED, notify=notify, meta=meta
    )


def registration_decline(
    *,
    registration: Registration,
    reason: str,
    by=None,
    notify: bool = True,
    meta: ActivityMeta = SYSTEM,
) -> Registration:
    return registration_set_status(
        registration=registration,
        status=RegistrationStatus.DECLINED,
        reason=reason,
        by=by,
        notify=notify,
        meta=meta,
    )


def registration_withdraw(
    *, registration: Registration, by_liaison: bool, by=None, meta: ActivityMeta = SYSTEM
):
    """Cancel a registration (the liaison's "withdraw"); liaisons only before
    the deadline."""
    if by_liaison and deadline_passed(registration.conference):
        raise DomainError(
            _("The registration deadline has passed; please contact the organizers."),
            code="deadline_passed",
        )
    return registration_set_status(
        registration=registration, status=RegistrationStatus.CANCELLED, by=by, meta=meta
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
