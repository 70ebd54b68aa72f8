"""Checks shared by every way of registering: fields, duplicates, quotas.

Errors are ValidationErrors keyed by field, each with a stable code.
"""

import re
import unicodedata

from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import DomainError, field_error
from events.models import (
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    RegistrationStatus,
)
from events.names import clean_text, fold, join_name, person_collation_key
from events.services.registrations.policy import quota_for_unit

ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


_PHONE = re.compile(r"^(\+84|0)\d{8,10}$|^\+\d{8,15}$")


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


def duplicate_error(registration: Registration, duplicate: Registration) -> DomainError:
    same_email = registration.email and duplicate.email == registration.email
    return DomainError(
        _("%(name)s (%(affiliation)s) is already registered with the same %(what)s.")
        % {
            "name": duplicate.full_name,
            "affiliation": duplicate.affiliation,
            "what": _("email") if same_email else _("name"),
        },
        code="duplicate",
    )


def role_quota_error(role: DelegateRole, unit: MemberUnit | None = None) -> DomainError:
    if unit is None:
        message = _("Each unit may register at most %(n)s × %(role)s.") % {
            "n": role.quota_per_unit,
            "role": role.name,
        }
    else:
        message = _("%(unit)s already has %(n)s/%(n)s × %(role)s: choose another role.") % {
            "unit": unit.short_name,
            "n": role.quota_per_unit,
            "role": role.name,
        }
    return field_error("role", message, "over_role_quota")


def unit_quota_error(unit: MemberUnit, places: int, used: int | None = None) -> DomainError:
    """The unit is full: names it and its count ("Bắc Kạn already has 6/6")."""
    return DomainError(
        _(
            "%(unit)s already has %(used)s/%(n)s delegates: nobody else can be added. "
            "Withdraw someone first, or ask the organizers for another place."
        )
        % {"unit": unit.short_name, "used": places if used is None else used, "n": places},
        code="over_unit_quota",
    )


def lock_conference(conference: Conference) -> None:
    """Serialise quota checks of one conference (PostgreSQL; SQLite is serial).

    Locks the conference row itself: it always exists, whereas the
    RegistrationPolicy row is only created on first need, and locking no row
    serialises nothing. Callers hold a transaction.
    """
    Conference.objects.select_for_update().filter(pk=conference.pk).values_list("pk").get()


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


def check_quotas(registration: Registration) -> None:
    if registration.unit_id is None:
        return
    conference, role = registration.conference, registration.role
    taken = conference.registrations.filter(
        unit_id=registration.unit_id, status__in=ACTIVE_STATUSES
    ).exclude(pk=registration.pk)
    if role.quota_per_unit is not None and taken.filter(role=role).count() >= role.quota_per_unit:
        raise role_quota_error(role, registration.unit)
    if role.counts_toward_quota:
        places = quota_for_unit(conference, registration.unit)
        if places is not None:
            used = taken.filter(role__counts_toward_quota=True).count()
            if used >= places:
                raise unit_quota_error(registration.unit, places, used)


def _set_name_keys(registration: Registration) -> None:
    registration.sort_key = person_collation_key(
        family=registration.family_name,
        middle=registration.middle_name,
        given=registration.given_name,
    )[:255]
    registration.search_key = fold(
        join_name(registration.family_name, registration.middle_name, registration.given_name)
    )[:255]
