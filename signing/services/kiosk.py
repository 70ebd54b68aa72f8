"""The kiosk tablet: unlocked by the chair for exactly one named signatory,
locked again after that signature (or by the chair)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.models import AuditKind, Ceremony, KioskSession, Signatory, SigningMode
from signing.services.live import broadcast_grid
from signing.services.state import require_open


@transaction.atomic
def kiosk_unlock(
    *, ceremony: Ceremony, signatory: Signatory, meta: RequestMeta = SYSTEM
) -> KioskSession:
    """Unlock the kiosk tablet for one named signatory (any earlier session ends)."""
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    require_open(ceremony)
    if signatory.ceremony_id != ceremony.pk:
        raise SigningError(_("This signatory belongs to another ceremony."), code="other_unit")
    if Signatory.objects.get(pk=signatory.pk).has_signed:
        raise SigningError(
            _("%(name)s has already signed.") % {"name": signatory.full_name},
            code="already_signed",
        )
    ceremony.kiosk_sessions.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    session = KioskSession.objects.create(
        ceremony=ceremony,
        signatory=signatory,
        nonce=secrets.token_urlsafe(24),
        unlocked_by=meta.user,
    )
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.KIOSK_UNLOCKED,
        meta=meta,
        signatory=signatory,
        mode=SigningMode.KIOSK,
    )
    broadcast_grid(ceremony)
    return session


@transaction.atomic
def kiosk_lock(*, ceremony: Ceremony, meta: RequestMeta = SYSTEM) -> None:
    closed = ceremony.kiosk_sessions.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    if closed:
        audit_append(ceremony=ceremony, kind=AuditKind.KIOSK_LOCKED, meta=meta)
        broadcast_grid(ceremony)


def kiosk_current(*, ceremony: Ceremony) -> KioskSession | None:
    return (
        ceremony.kiosk_sessions.select_related("signatory__unit")
        .filter(closed_at__isnull=True)
        .order_by("-unlocked_at")
        .first()
    )
