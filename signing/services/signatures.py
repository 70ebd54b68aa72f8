"""Getting signatures: one-time links for own phones, the kiosk tablet, and
the confirmation itself. A confirmed signature never changes."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.services.users import user_get_or_create
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.images import clean_signature_png
from signing.models import (
    AuditKind,
    Ceremony,
    CeremonyState,
    KioskSession,
    Signatory,
    SigningLink,
    SigningMode,
)
from signing.permissions import is_signatory_user
from signing.services.live import broadcast_grid

logger = logging.getLogger("signing")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_open(ceremony: Ceremony) -> None:
    if ceremony.state == CeremonyState.SEALED:
        raise SigningError(_("The covenant is sealed; nothing can change."), code="sealed")
    if ceremony.state != CeremonyState.OPEN:
        raise SigningError(_("Signing is not open."), code="not_open")


@transaction.atomic
def link_issue(
    *,
    signatory: Signatory,
    meta: RequestMeta = SYSTEM,
    base_url: str = "",
    send: bool = False,
) -> str:
    """A fresh one-time link for this signatory (earlier unused ones stop working).

    Returns the absolute URL; only the token's hash is stored.
    """
    from django.urls import reverse

    ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
    _require_open(ceremony)
    signatory = Signatory.objects.select_related("unit").get(pk=signatory.pk)
    if signatory.has_signed:
        raise SigningError(
            _("%(name)s has already signed.") % {"name": signatory.full_name},
            code="already_signed",
        )
    if not signatory.email:
        raise SigningError(
            _("Add the signer's email first: they log in with a code sent there."),
            code="no_email",
        )
    # The signatory logs in by a code sent to this address: the account must exist.
    user_get_or_create(email=signatory.email, name=signatory.full_name)
    now = timezone.now()
    signatory.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    hours = getattr(settings, "SIGNING_LINK_HOURS", 12)
    SigningLink.objects.create(
        signatory=signatory,
        token_sha256=_hash_token(token),
        issued_by=meta.user,
        expires_at=now + timedelta(hours=hours),
    )
    url = (base_url or settings.SITE_URL).rstrip("/") + reverse("signing:link", args=[token])
    audit_append(
        ceremony=ceremony,
        kind=AuditKind.LINK_ISSUED,
        meta=meta,
        signatory=signatory,
        mode=SigningMode.PHONE,
        detail=_("emailed") if send else _("shown as QR"),
    )
    if send:
        conference = ceremony.covenant.conference
        with override(ceremony.covenant.language):
            subject = _("Sign the covenant: %(title)s") % {"title": conference.title}
            body = _(
                "Dear %(name)s,\n\nPlease open this link on your phone to read and sign the "
                "covenant for %(unit)s. It works once, for you only, and expires in %(hours)s "
                "hours. You will log in with a code sent to this address.\n\n%(url)s\n"
            ) % {
                "name": signatory.full_name,
                "unit": signatory.unit.name,
                "hours": hours,
                "url": url,
            }
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [signatory.email], fail_silently=False)
        )
    return url


def link_resolve(*, token: str) -> SigningLink:
    """The link for a token, if it can still be used."""
    link = (
        SigningLink.objects.select_related("signatory__unit", "signatory__ceremony__covenant")
        .filter(token_sha256=_hash_token(token or ""))
        .first()
    )
    if link is None:
        raise SigningError(_("This signing link is not valid."), code="invalid_link")
    _check_link(link)
    return link


def _check_link(link: SigningLink) -> None:
    if link.used_at is not None:
        raise SigningError(_("This signing link has already been used."), code="link_used")
    if link.revoked_at is not None:
        raise SigningError(
            _("This signing link was replaced by a newer one. Ask the chair for a new link."),
            code="link_revoked",
        )
    if link.expires_at <= timezone.now():
        raise SigningError(_("This signing link has expired."), code="link_expired")


def signing_viewed(*, signatory: Signatory, mode: str, meta: RequestMeta = SYSTEM) -> None:
    audit_append(
        ceremony=signatory.ceremony,
        kind=AuditKind.VIEWED,
        meta=meta,
        signatory=signatory,
        mode=mode,
    )


@transaction.atomic
def kiosk_unlock(
    *, ceremony: Ceremony, signatory: Signatory, meta: RequestMeta = SYSTEM
) -> KioskSession:
    """Unlock the kiosk tablet for one named signatory (any earlier session ends)."""
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    _require_open(ceremony)
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
) -> Signatory:
    """Confirm a signature: checks everything, stores the clean PNG once."""
    ceremony = Ceremony.objects.select_for_update().get(pk=signatory.ceremony_id)
    _require_open(ceremony)
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
        session = (
            KioskSession.objects.select_for_update()
            .filter(ceremony=ceremony, nonce=kiosk_nonce or "-")
            .first()
        )
        if session is None or session.closed_at is not None:
            raise SigningError(
                _("The kiosk is locked. Ask the chair to unlock it for you."), code="kiosk_locked"
            )
        if session.signatory_id != signatory.pk:
            raise SigningError(_("The kiosk is unlocked for someone else."), code="kiosk_other")
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
    )
    broadcast_grid(ceremony)
    return signatory


def link_resolve_locked(link: SigningLink) -> SigningLink:
    fresh = SigningLink.objects.select_for_update().get(pk=link.pk)
    _check_link(fresh)
    return fresh


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
