"""How the signing app follows its delegates' registrations.

A signatory copies its delegate's email: the signing link and the login
code go there. ``SigningConfig.ready()`` registers these functions with the
registration services (the events app does not import signing).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from events.services.registrations import RegistrationFollower
from signing.audit import RequestMeta, audit_append
from signing.models import AuditKind, Ceremony, CeremonyState, Signatory
from signing.models.audit import detail_encode

_LIVE = (CeremonyState.DRAFT, CeremonyState.OPEN)


def _unsigned_signatories(registration):
    return Signatory.objects.filter(
        registration=registration, signed_at__isnull=True, ceremony__state__in=_LIVE
    ).select_related("ceremony")


def _revoke_links(signatory: Signatory) -> int:
    return signatory.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def signatory_email_pinned(registration) -> bool:
    """Someone who has yet to sign for their unit: the link goes to this email."""
    return _unsigned_signatories(registration).exists()


@transaction.atomic
def signatories_follow_email(registration, old_email: str, by) -> None:
    """The organizer changed the delegate's email: the signatory follows, and
    links issued to the old address stop working (audited while open)."""
    for found in _unsigned_signatories(registration):
        # The ceremony, then the signatory: the order signing takes.
        Ceremony.objects.select_for_update().filter(pk=found.ceremony_id).values_list("pk").get()
        signatory = (
            Signatory.objects.select_for_update()
            .filter(pk=found.pk, signed_at__isnull=True)
            .select_related("ceremony")
            .first()
        )
        if signatory is None or signatory.email == registration.email:
            continue
        signatory.email = registration.email
        signatory.save(update_fields=["email"])
        _revoke_links(signatory)
        if signatory.ceremony.state == CeremonyState.OPEN:
            audit_append(
                ceremony=signatory.ceremony,
                kind=AuditKind.SUBSTITUTED,
                meta=RequestMeta(user=by),
                signatory=signatory,
                detail=detail_encode(
                    "email_changed", old=old_email or "—", new=registration.email or "—"
                ),
            )


@transaction.atomic
def signatories_follow_departure(registration, by) -> None:
    """A declined or cancelled delegate, or one edited into another person,
    can no longer sign by a link issued before."""
    for signatory in _unsigned_signatories(registration):
        _revoke_links(signatory)


FOLLOWER = RegistrationFollower(
    pins_email=signatory_email_pinned,
    email_changed=signatories_follow_email,
    left=signatories_follow_departure,
)
