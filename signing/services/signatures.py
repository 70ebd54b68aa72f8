"""Confirming a signature (own phone or kiosk) and recording refusals.
A confirmed signature never changes."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.images import clean_signature_png
from signing.models import (
    AuditKind,
    Ceremony,
    KioskDevice,
    KioskSession,
    Signatory,
    SigningLink,
    SigningMode,
)
from signing.permissions import is_signatory_user
from signing.services.kiosk import kiosk_session_for_signature, kiosk_signed_detail
from signing.services.links import link_resolve_locked
from signing.services.live import broadcast_grid
from signing.services.state import require_open

logger = logging.getLogger("signing")


def signing_viewed(*, signatory: Signatory, mode: str, meta: RequestMeta = SYSTEM) -> None:
    audit_append(
        ceremony=signatory.ceremony,
        kind=AuditKind.VIEWED,
        meta=meta,
        signatory=signatory,
        mode=mode,
    )


@transaction.atomic
def signature_submit(
    *,
    signatory: Signatory,
    png: bytes,
    consent: bool,
    seen_text_sha256: str,
    mode: str,
    meta: RequestMeta = SYSTEM,
    link: SigningLink | None = None,
    kiosk_nonce: str = "",
    kiosk_device: KioskDevice | None = None,
) -> Signatory:
    """Confirm a signature: checks everything, stores the clean PNG once."""
    ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
    require_open(ceremony)
    signatory = Signatory.objects.select_for_update().select_related("unit").get(pk=signatory.pk)
    if signatory.has_signed:
        raise SigningError(
            _("%(name)s has already signed; a confirmed signature never changes.")
            % {"name": signatory.full_name},
            code="already_signed",
        )
    session = None
    if mode == SigningMode.PHONE:
        if link is None:
            raise SigningError(_("This signing link is not valid."), code="invalid_link")
        link = link_resolve_locked(link)
        if link.signatory_id != signatory.pk:
            raise SigningError(_("This link is for another unit's signatory."), code="other_unit")
        if meta.user is None or not is_signatory_user(meta.user, signatory):
            raise SigningError(
                _("Log in with the email address this link was sent for."), code="wrong_account"
            )
    elif mode == SigningMode.KIOSK:
        session = kiosk_session_for_signature(
            ceremony=ceremony, signatory=signatory, device=kiosk_device, nonce=kiosk_nonce
        )
    else:
        raise SigningError(_("Unknown way of signing."), code="bad_mode")
    if seen_text_sha256 != ceremony.text_sha256:
        raise SigningError(
            _("The covenant text changed since you opened it. Reload and read it again."),
            code="text_changed",
        )
    if not consent:
        raise SigningError(
            _("Tick the statement that you have read and agree to the covenant."),
            code="no_consent",
        )
    clean, image_sha = clean_signature_png(png)
    now = timezone.now()
    signatory.signature_png = clean
    signatory.signature_sha256 = image_sha
    signatory.signed_at = now
    signatory.signed_by = meta.user
    signatory.mode = mode
    signatory.save(
        update_fields=["signature_png", "signature_sha256", "signed_at", "signed_by", "mode"]
    )
    if link is not None:
        SigningLink.objects.filter(pk=link.pk).update(used_at=now)
    if session is not None:
        KioskSession.objects.filter(pk=session.pk).update(closed_at=now)
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.SIGNED,
        meta=meta,
        signatory=signatory,
        mode=mode,
        image_sha256=image_sha,
        detail=kiosk_signed_detail(session) if session is not None else "",
    )
    broadcast_grid(ceremony)
    return signatory


def refusal_record(
    *, ceremony: Ceremony, error: SigningError, meta: RequestMeta = SYSTEM, signatory=None
) -> None:
    """Log a refused attempt (after the failed transaction rolled back)."""
    code = getattr(error, "code", "") or "invalid"
    logger.warning(
        "signing refused: ceremony=%s code=%s user=%s ip=%s",
        ceremony.pk,
        code,
        getattr(meta.user, "email", ""),
        meta.ip,
    )
    audit_append(
        ceremony=ceremony, kind=AuditKind.REFUSED, meta=meta, signatory=signatory, detail=code
    )
