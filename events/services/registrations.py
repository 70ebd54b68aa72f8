"""Writes for registrations: create, edit, approve / decline, passes.

Every write goes through ``registration_create`` or ``registration_update``,
which check (in this order) the role, the unit, the deadline (liaisons only),
the phone, duplicates and quotas, then ``full_clean`` and save. Errors are
``ValidationError``s keyed by field, each with a stable code.
"""

import re
import secrets
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import (
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    UnitQuota,
)
from events.names import clean_text, fold, join_name, person_collation_key

# Statuses that hold a place in a quota and can be confused with a new entry.
ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)
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
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(\+84|0)\d{8,10}$|^\+\d{8,15}$")


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field that keeps its stable code."""
    return ValidationError({field: ValidationError(message, code=code)})


def policy_for(conference: Conference) -> RegistrationPolicy:
    policy = getattr(conference, "_registration_policy", None)
    if policy is None:
        policy, _created = RegistrationPolicy.objects.get_or_create(conference=conference)
        conference._registration_policy = policy
    return policy


def policy_update(
    *,
    conference: Conference,
    deadline=None,
    auto_approve: bool = False,
    unit_quota: int | None = None,
    role_quotas: dict[int, int | None] | None = None,
    unit_quotas: dict[int, int | None] | None = None,
) -> RegistrationPolicy:
    """Set the deadline, auto-approval and quotas (role id / unit id → places)."""
    with transaction.atomic():
        policy = policy_for(conference)
        policy.deadline = deadline
        policy.auto_approve = auto_approve
        policy.unit_quota = unit_quota
        policy.full_clean()
        policy.save()
        for role_id, places in (role_quotas or {}).items():
            conference.roles.filter(pk=role_id).update(quota_per_unit=places)
        for unit_id, places in (unit_quotas or {}).items():
            if places is None:
                UnitQuota.objects.filter(conference=conference, unit_id=unit_id).delete()
            else:
                UnitQuota.objects.update_or_create(
                    conference=conference, unit_id=unit_id, defaults={"places": places}
                )
    return policy


def normalize_phone(value: str) -> str:
    """Digits with an optional leading +; raises on anything that is not a phone."""
    phone = _PHONE_SEPARATORS.sub("", clean_text(value))
    if phone and not _PHONE.match(phone):
        raise field_error(
            "phone",
            _("Enter a phone number such as 0912 345 678 or +84 912 345 678."),
            "invalid_phone",
        )
    return phone


def new_pass_code() -> str:
    """192 random bits, URL-safe: the only thing a pass QR carries."""
    return secrets.token_urlsafe(24)


def deadline_passed(conference: Conference) -> bool:
    deadline = policy_for(conference).deadline
    return deadline is not None and timezone.now() > deadline


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


def member_unit_ids(conference: Conference) -> frozenset[int]:
    ids = getattr(conference, "_member_unit_ids", None)
    if ids is None:
        ids = frozenset(conference.term.members.values_list("pk", flat=True))
        conference._member_unit_ids = ids
    return ids


def registration_prepare(
    registration: Registration, values: dict, *, member_ids: frozenset[int]
) -> None:
    """Clean and validate one person's fields, without a query.

    Shared by the forms (through ``_apply``) and the bulk import, so both
    refuse the same input with the same messages.
    """
    conference = registration.conference
    role, unit = values["role"], values["unit"]
    if role.conference_id != conference.pk:
        raise field_error("role", _("This role belongs to another conference."), "foreign_role")
    if unit is not None and unit.pk not in member_ids:
        raise field_error(
            "unit", _("This unit is not a member of the cluster this year."), "foreign_unit"
        )
    for name in ("family_name", "middle_name", "given_name", "title", "organization"):
        setattr(registration, name, clean_text(values[name]))
    registration.notes = unicodedata.normalize("NFC", values["notes"] or "").strip()
    registration.unit = unit
    registration.role = role
    registration.email = clean_text(values["email"]).lower()
    registration.phone = normalize_phone(values["phone"])
    registration.gender = values["gender"] or ""
    if unit is None and not registration.organization:
        raise field_error(
            "organization",
            _("Choose a member unit, or name the guest's organisation."),
            "no_affiliation",
        )
    if unit is not None:
        registration.organization = ""
    _set_name_keys(registration)
    registration.full_clean(
        exclude=[
            "code",
            "code_issued_at",
            "conference",
            "role",
            "unit",
            "user",
            "created_by",
            "duplicate_of",
        ],
        validate_unique=False,
        validate_constraints=False,
    )


def duplicate_error(registration: Registration, duplicate: Registration) -> ValidationError:
    same_email = registration.email and duplicate.email == registration.email
    return ValidationError(
        _("%(name)s (%(affiliation)s) is already registered with the same %(what)s.")
        % {
            "name": duplicate.full_name,
            "affiliation": duplicate.affiliation,
            "what": _("email") if same_email else _("name"),
        },
        code="duplicate",
    )


def role_quota_error(role: DelegateRole) -> ValidationError:
    return field_error(
        "role",
        _("Each unit may register at most %(n)s × %(role)s.")
        % {"n": role.quota_per_unit, "role": role.name},
        "over_role_quota",
    )


def unit_quota_error(unit: MemberUnit, places: int) -> ValidationError:
    return ValidationError(
        _("%(unit)s has used all of its %(n)s places.") % {"unit": unit.name, "n": places},
        code="over_unit_quota",
    )


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


def lock_conference(conference: Conference) -> None:
    """Serialise quota checks of one conference (PostgreSQL; SQLite is serial)."""
    RegistrationPolicy.objects.select_for_update().filter(conference=conference).exists()


def find_duplicate(registration: Registration) -> Registration | None:
    """Another active registration with the same email, or the same folded
    name in the same unit (or the same organisation for guests)."""
    same_name = Q(search_key=registration.search_key)
    if registration.unit_id:
        same_name &= Q(unit_id=registration.unit_id)
    else:
        same_name &= Q(unit__isnull=True, organization__iexact=registration.organization)
    match = same_name
    if registration.email:
        match |= Q(email=registration.email)
    qs = registration.conference.registrations.filter(match, status__in=ACTIVE_STATUSES)
    if registration.pk:
        qs = qs.exclude(pk=registration.pk)
    return qs.select_related("unit").order_by("pk").first()


def quota_for_unit(conference: Conference, unit: MemberUnit) -> int | None:
    override = UnitQuota.objects.filter(conference=conference, unit=unit).first()
    return override.places if override else policy_for(conference).unit_quota


def check_quotas(registration: Registration) -> None:
    if registration.unit_id is None:
        return
    conference, role = registration.conference, registration.role
    taken = conference.registrations.filter(
        unit_id=registration.unit_id, status__in=ACTIVE_STATUSES
    ).exclude(pk=registration.pk)
    if role.quota_per_unit is not None and taken.filter(role=role).count() >= role.quota_per_unit:
        raise role_quota_error(role)
    if role.counts_toward_quota:
        places = quota_for_unit(conference, registration.unit)
        if places is not None and taken.filter(role__counts_toward_quota=True).count() >= places:
            raise unit_quota_error(registration.unit, places)


def _set_name_keys(registration: Registration) -> None:
    registration.sort_key = person_collation_key(
        family=registration.family_name,
        middle=registration.middle_name,
        given=registration.given_name,
    )[:255]
    registration.search_key = fold(
        join_name(registration.family_name, registration.middle_name, registration.given_name)
    )[:255]


def registration_set_status(
    *, registration: Registration, status: str, notify: bool = True
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
        if notify and status == RegistrationStatus.APPROVED:
            transaction.on_commit(lambda: registration_send_pass(registration=registration))
    return registration


def registration_approve(*, registration: Registration, notify: bool = True) -> Registration:
    return registration_set_status(
        registration=registration, status=RegistrationStatus.APPROVED, notify=notify
    )


def registration_decline(*, registration: Registration) -> Registration:
    return registration_set_status(registration=registration, status=RegistrationStatus.DECLINED)


def registrations_bulk_approve(
    *, conference: Conference, ids: Iterable[int], notify: bool = True
) -> tuple[list[Registration], list[tuple[Registration, ValidationError]]]:
    """Approve the pending ones among ``ids``; returns (approved, refused with reason)."""
    approved, refused = [], []
    pending = conference.registrations.filter(
        pk__in=list(ids), status=RegistrationStatus.PENDING
    ).order_by("sort_key")
    for registration in pending:
        try:
            approved.append(registration_approve(registration=registration, notify=notify))
        except ValidationError as error:
            refused.append((registration, error))
    return approved, refused


def registration_reissue_code(*, registration: Registration, notify: bool = False) -> Registration:
    """Give the registration a new pass code; the old one stops working."""
    registration.code = new_pass_code()
    registration.code_issued_at = timezone.now()
    registration.save(update_fields=["code", "code_issued_at", "updated_at"])
    if notify and registration.status == RegistrationStatus.APPROVED:
        transaction.on_commit(lambda: registration_send_pass(registration=registration))
    return registration


def registration_link_user(*, registration: Registration):
    """The account the delegate logs in with (by emailed code), created if new."""
    from events.services.users import user_get_or_create

    if registration.user_id or not registration.email:
        return registration.user
    user = user_get_or_create(email=registration.email, name=registration.full_name)
    registration.user = user
    registration.save(update_fields=["user", "updated_at"])
    return user


def pass_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse(
        "events:my_pass", kwargs={"slug": registration.conference.slug}
    )


def registration_send_pass(*, registration: Registration) -> bool:
    """Email the delegate the link to their pass. False when there is no email."""
    if not registration.email or registration.status != RegistrationStatus.APPROVED:
        return False
    registration_link_user(registration=registration)
    conference = registration.conference
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "conference": conference,
            "pass_url": pass_url(registration),
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
        }
        subject = _("[Hội nghị] Your pass for %(conference)s") % {"conference": conference.title}
        body = render_to_string("emails/registration_pass.txt", context)
    send_mail(subject, body, None, [registration.email])
    return True
