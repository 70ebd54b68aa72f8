"""The kiosk tablet: a paired device of one ceremony, with no staff login on
it, that the chair unlocks from the console for exactly one named signatory.

An unlock lasts ``SIGNING_KIOSK_UNLOCK_MINUTES`` (default 5) or one
signature, whichever comes first. The audit log names the tablet and the
chair for every unlock, and the signature's event names both again.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pairing import (
    device_by_token,
    hash_token,
    last_seen_touch,
    pairing_consume,
    pairing_issue,
    pairing_revoke,
)
from events.names import clean_text
from signing.audit import SYSTEM, RequestMeta, audit_append
from signing.errors import SigningError
from signing.models import (
    AuditKind,
    Ceremony,
    KioskDevice,
    KioskSession,
    Signatory,
    SigningMode,
)
from signing.models.audit import detail_encode
from signing.services.live import broadcast_grid
from signing.services.state import require_open

TOKEN_PREFIX = "hnk_"  # noqa: S105 (a prefix that marks our tokens, not a secret)


def unlock_lifetime() -> timedelta:
    return timedelta(minutes=getattr(settings, "SIGNING_KIOSK_UNLOCK_MINUTES", 5))


hash_kiosk_token = hash_token
KIOSK_LAST_SEEN_EVERY = timedelta(seconds=30)  # the tablet polls; kept as it was


# Pairing and revoking


def kiosk_device_create(
    *, ceremony: Ceremony, name: str, meta: RequestMeta = SYSTEM
) -> KioskDevice:
    """A tablet waiting to be paired (its pairing link is valid 15 minutes)."""
    device = KioskDevice(ceremony=ceremony, name=clean_text(name), created_by=meta.user)
    device.full_clean()
    device.save()
    return kiosk_device_pairing_renew(device=device)


def kiosk_device_pairing_renew(*, device: KioskDevice) -> KioskDevice:
    """A fresh one-time pairing secret (also to move the kiosk to a new tablet)."""
    if device.revoked_at is not None:
        raise SigningError(_("This kiosk tablet was revoked."), code="kiosk_revoked")
    return pairing_issue(device=device)


def kiosk_device_pair(
    *, pairing_secret: str, meta: RequestMeta = SYSTEM
) -> tuple[KioskDevice, str] | None:
    """Exchange a pairing secret for the tablet's bearer token (once).

    Pairing again replaces the token: the previously paired tablet stops
    working. None if the secret is unknown, used, expired or revoked.
    """

    def record(device: KioskDevice) -> None:
        # A new tablet holding the old tablet's name starts locked.
        _close_sessions(KioskSession.objects.filter(device=device))
        audit_append(
            ceremony=device.ceremony,
            kind=AuditKind.KIOSK_PAIRED,
            meta=RequestMeta(ip=meta.ip, user_agent=meta.user_agent),
            mode=SigningMode.KIOSK,
            detail=device.audit_label,
        )

    return pairing_consume(
        model=KioskDevice,
        pairing_secret=pairing_secret,
        prefix=TOKEN_PREFIX,
        select_related=("ceremony__covenant__conference",),
        on_paired=record,
    )


@transaction.atomic
def kiosk_device_revoke(*, device: KioskDevice, meta: RequestMeta = SYSTEM) -> KioskDevice:
    """The tablet's token stops working at once; a live unlock on it ends."""
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        return device
    pairing_revoke(device=device)
    _close_sessions(KioskSession.objects.filter(device=device))
    audit_append(
        ceremony=device.ceremony,
        kind=AuditKind.KIOSK_REVOKED,
        meta=meta,
        mode=SigningMode.KIOSK,
        detail=device.audit_label,
    )
    broadcast_grid(device.ceremony)
    return device


def kiosk_device_lookup(*, token: object) -> KioskDevice | None:
    """The device holding ``token``, revoked or not (None if unknown)."""
    return device_by_token(
        queryset=KioskDevice.objects.select_related("ceremony__covenant__conference"),
        token=token,
        prefix=TOKEN_PREFIX,
        include_revoked=True,
    )


def kiosk_device_authenticate(*, token: object) -> KioskDevice | None:
    """The active (paired, not revoked) device holding ``token``."""
    device = kiosk_device_lookup(token=token)
    if device is None or not device.is_active:
        return None
    return last_seen_touch(device, every=KIOSK_LAST_SEEN_EVERY)


# Unlocking and locking (from the chair's console only)


def _close_sessions(sessions) -> int:
    return sessions.filter(closed_at__isnull=True).update(closed_at=timezone.now())


def _live(sessions):
    return sessions.filter(closed_at__isnull=True, expires_at__gt=timezone.now())


@transaction.atomic
def kiosk_unlock(
    *,
    ceremony: Ceremony,
    signatory: Signatory,
    device: KioskDevice,
    meta: RequestMeta = SYSTEM,
) -> KioskSession:
    """Unlock one paired tablet for one named signatory, for a few minutes.

    An earlier unlock of the same tablet, or of the same signatory on
    another tablet, ends: one signatory, one tablet, one signature.
    """
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    require_open(ceremony)
    if signatory.ceremony_id != ceremony.pk:
        raise SigningError(_("This signatory belongs to another ceremony."), code="other_unit")
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if device.ceremony_id != ceremony.pk:
        raise SigningError(
            _("This kiosk tablet is paired with another ceremony."), code="kiosk_other_ceremony"
        )
    if device.revoked_at is not None:
        raise SigningError(_("This kiosk tablet was revoked."), code="kiosk_revoked")
    if not device.token_hash:
        raise SigningError(_("This kiosk tablet is not paired yet."), code="kiosk_unpaired")
    if Signatory.objects.get(pk=signatory.pk).has_signed:
        raise SigningError(
            _("%(name)s has already signed.") % {"name": signatory.full_name},
            code="already_signed",
        )
    _close_sessions(ceremony.kiosk_sessions.filter(device=device))
    _close_sessions(ceremony.kiosk_sessions.filter(signatory=signatory))
    now = timezone.now()
    session = KioskSession.objects.create(
        ceremony=ceremony,
        device=device,
        signatory=signatory,
        nonce=secrets.token_urlsafe(24),
        unlocked_by=meta.user,
        expires_at=now + unlock_lifetime(),
    )
    event = audit_append(
        ceremony=ceremony,
        kind=AuditKind.KIOSK_UNLOCKED,
        meta=meta,
        signatory=signatory,
        mode=SigningMode.KIOSK,
        detail=detail_encode(
            "kiosk_unlocked",
            device=device.audit_label,
            until=f"{timezone.localtime(session.expires_at):%H:%M:%S %Z}",
        ),
    )
    KioskSession.objects.filter(pk=session.pk).update(unlock_seq=event.seq)
    session.unlock_seq = event.seq
    broadcast_grid(ceremony)
    return session


@transaction.atomic
def kiosk_lock(
    *, ceremony: Ceremony, device: KioskDevice | None = None, meta: RequestMeta = SYSTEM
) -> None:
    """End the live unlock of one tablet (or of every tablet of the ceremony)."""
    sessions = ceremony.kiosk_sessions.all()
    if device is not None:
        sessions = sessions.filter(device=device)
    if _close_sessions(sessions):
        detail = device.audit_label if device is not None else ""
        audit_append(ceremony=ceremony, kind=AuditKind.KIOSK_LOCKED, meta=meta, detail=detail)
        broadcast_grid(ceremony)


# Reads


def kiosk_session_live(*, device: KioskDevice) -> KioskSession | None:
    """The unlock the tablet shows now: open, not expired (None: locked)."""
    return (
        _live(KioskSession.objects.filter(device=device))
        .select_related("signatory__unit", "unlocked_by")
        .order_by("-unlocked_at")
        .first()
    )


def kiosk_sessions_live(*, ceremony: Ceremony) -> list[KioskSession]:
    """Every tablet's live unlock, for the chair's console."""
    return list(
        _live(ceremony.kiosk_sessions.filter(device__isnull=False))
        .select_related("signatory", "device")
        .order_by("unlocked_at")
    )


def kiosk_devices(*, ceremony: Ceremony) -> list[KioskDevice]:
    return list(ceremony.kiosk_devices.all())


# Used by signature_submit, inside its transaction


def kiosk_session_for_signature(
    *, ceremony: Ceremony, signatory: Signatory, device: KioskDevice | None, nonce: str
) -> KioskSession:
    """The live unlock a kiosk signature is made under, or a refusal."""
    if device is None:
        raise SigningError(
            _("This tablet is not paired as a kiosk. Ask the chair to pair it."),
            code="kiosk_unpaired",
        )
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None or not device.token_hash:
        raise SigningError(_("This kiosk tablet was revoked."), code="kiosk_revoked")
    if device.ceremony_id != ceremony.pk:
        raise SigningError(
            _("This kiosk tablet is paired with another ceremony."), code="kiosk_other_ceremony"
        )
    session = (
        KioskSession.objects.select_for_update(of=("self",))
        .select_related("unlocked_by")
        .filter(ceremony=ceremony, device=device, nonce=nonce or "-")
        .first()
    )
    if session is None or session.closed_at is not None:
        raise SigningError(
            _("The kiosk is locked. Ask the chair to unlock it for you."), code="kiosk_locked"
        )
    if session.expires_at is None or session.expires_at <= timezone.now():
        raise SigningError(
            _("The kiosk unlock has expired. Ask the chair to unlock it again."),
            code="kiosk_expired",
        )
    if session.signatory_id != signatory.pk:
        raise SigningError(_("The kiosk is unlocked for someone else."), code="kiosk_other")
    return session


def kiosk_signed_detail(session: KioskSession) -> str:
    """What the signature's audit event says about the kiosk and the chair."""
    chair = getattr(session.unlocked_by, "email", "") or "?"
    return detail_encode(
        "kiosk_signed", device=session.device.audit_label, chair=chair, seq=session.unlock_seq
    )
