"""Writes for registrations (the registration issue extends these)."""

import secrets

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
    RetiredCode,
)
from events.names import clean_text, fold, join_name, person_collation_key


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
    status: str = RegistrationStatus.PENDING,
    user=None,
) -> Registration:
    if role.conference_id != conference.pk:
        raise ValidationError({"role": _("This role belongs to another conference.")})
    if unit is not None and not conference.term.members.filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("This unit is not a member of the cluster this year.")},
            code="foreign_unit",
        )
    registration = Registration(
        conference=conference,
        family_name=clean_text(family_name),
        middle_name=clean_text(middle_name),
        given_name=clean_text(given_name),
        title=clean_text(title),
        unit=unit,
        organization=clean_text(organization),
        role=role,
        email=clean_text(email).lower(),
        status=status,
        user=user,
        code=new_pass_code(),
        code_issued_at=timezone.now(),
    )
    _set_name_keys(registration)
    registration.full_clean()
    registration.save()
    return registration


def _set_name_keys(registration: Registration) -> None:
    registration.sort_key = person_collation_key(
        family=registration.family_name,
        middle=registration.middle_name,
        given=registration.given_name,
    )[:255]
    registration.search_key = fold(
        join_name(registration.family_name, registration.middle_name, registration.given_name)
    )


def new_pass_code() -> str:
    """192 random bits, URL-safe: the only thing a pass QR carries."""
    return secrets.token_urlsafe(24)


@transaction.atomic
def registration_reissue_code(*, registration: Registration) -> Registration:
    """Give the registration a new pass code; the old one stops working
    (a scan of it answers ``revoked``)."""
    RetiredCode.objects.create(code=registration.code, registration=registration)
    registration.code = new_pass_code()
    registration.code_issued_at = timezone.now()
    registration.save(update_fields=["code", "code_issued_at", "updated_at"])
    return registration
