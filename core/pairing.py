"""Pairing a device (a scanner phone, an entrance display, a kiosk tablet).

Staff issue a one-time pairing secret that expires; the device exchanges it
once for a bearer token (``pairing_consume``), of which only the SHA-256 is
stored. Later requests find the device by the hash of the token they carry
(``device_by_token``), note when it was last seen at most once a minute
(``last_seen_touch``), and stop working once it is revoked. A device that
is a browser keeps its token in an httpOnly, SameSite=Strict cookie scoped
to its own path (``device_cookie_set``).

The apps' services call these with their concrete model (a subclass of
``core.devices.PairedDevice``) and add their own audit around them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.devices import PairedDevice

Device = TypeVar("Device", bound=PairedDevice)

PAIRING_LIFETIME = timedelta(minutes=15)
LAST_SEEN_EVERY = timedelta(minutes=1)
COOKIE_MAX_AGE = 60 * 60 * 24 * 60  # two months; revoking ends it sooner


# Tokens


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix: str) -> str:
    """A bearer token, marked by ``prefix`` (``hnd_``, ``hnk_``...)."""
    return prefix + secrets.token_urlsafe(32)


def token_plausible(token: object, *, prefix: str = "") -> bool:
    """Whether ``token`` could be one of ours (before any query)."""
    return isinstance(token, str) and token.startswith(prefix) and 20 < len(token) < 100


def token_set(device: PairedDevice, *, prefix: str) -> str:
    """Give ``device`` a fresh token (not saved); the raw token, once."""
    token = new_token(prefix)
    device.token_hash = hash_token(token)
    return token


# Pairing


def pairing_issue(*, device: Device, lifetime: timedelta = PAIRING_LIFETIME) -> Device:
    """A fresh one-time pairing secret, valid for ``lifetime``."""
    device.pairing_secret = secrets.token_urlsafe(24)
    device.pairing_expires_at = timezone.now() + lifetime
    device.save(update_fields=["pairing_secret", "pairing_expires_at"])
    return device


def pairing_pending(device: PairedDevice) -> bool:
    """Whether the device's pairing secret can still be used."""
    return bool(
        device.pairing_secret
        and device.revoked_at is None
        and device.pairing_expires_at is not None
        and device.pairing_expires_at > timezone.now()
    )


def pairing_consume(
    *,
    model: type[Device],
    pairing_secret: object,
    prefix: str,
    select_related: tuple[str, ...] = (),
    mark_seen: bool = True,
    on_paired: Callable[[Device], None] | None = None,
) -> tuple[Device, str] | None:
    """Exchange a pairing secret for the device's bearer token (once).

    Pairing again replaces the token: the previously paired device stops
    working. None if the secret is unknown, used, expired or revoked.
    ``on_paired`` runs inside the same transaction (the app's audit).
    """
    if not isinstance(pairing_secret, str) or not 10 < len(pairing_secret) < 64:
        return None
    with transaction.atomic():
        device = (
            model.objects.select_for_update(of=("self",))
            .select_related(*select_related)
            .filter(pairing_secret=pairing_secret, revoked_at__isnull=True)
            .first()
        )
        if device is None or device.pairing_expires_at < timezone.now():
            return None
        token = token_set(device, prefix=prefix)
        now = timezone.now()
        device.pairing_secret = ""
        device.pairing_expires_at = None
        device.paired_at = now
        fields = ["token_hash", "pairing_secret", "pairing_expires_at", "paired_at"]
        if mark_seen:
            device.last_seen_at = now
            fields.append("last_seen_at")
        device.save(update_fields=fields)
        if on_paired is not None:
            on_paired(device)
    return device, token


def pairing_revoke(*, device: Device) -> Device:
    """The device's token and any pending pairing secret stop working."""
    device.revoked_at = timezone.now()
    device.pairing_secret = ""
    device.save(update_fields=["revoked_at", "pairing_secret"])
    return device


# Requests from a paired device


def device_by_token(*, queryset, token: object, prefix: str = "", include_revoked: bool = False):
    """The device of ``queryset`` holding ``token``: None if unknown, or if
    revoked (unless ``include_revoked``, to tell a revoked one apart)."""
    if not token_plausible(token, prefix=prefix):
        return None
    if not include_revoked:
        queryset = queryset.filter(revoked_at__isnull=True)
    return queryset.filter(token_hash=hash_token(token)).first()


def last_seen_touch(device: Device, *, every: timedelta = LAST_SEEN_EVERY) -> Device:
    """Note that the device was seen now, at most once per ``every``."""
    now = timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at > every:
        type(device).objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return device


# The device cookie of a browser device (an entrance screen, a kiosk tablet)


def device_cookie_set(response, *, name: str, token: str, path: str) -> None:
    """httpOnly, SameSite=Strict, only below ``path``; Secure unless
    DJANGO_SECURE_COOKIES=0 (the session cookie's setting)."""
    response.set_cookie(
        name,
        token,
        max_age=COOKIE_MAX_AGE,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def device_cookie_read(request, *, name: str) -> str | None:
    return request.COOKIES.get(name)


def device_cookie_delete(response, *, name: str, path: str) -> None:
    response.delete_cookie(name, path=path, samesite="Strict")
