"""Writes that prepare check-in: lists (entrances) and scanner devices."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import field_error
from events.checkin_tokens import hash_device_token, new_device_token
from events.models import CheckinList, Conference, DelegateRole, ScannerDevice
from events.names import clean_text
from events.selectors.scan import device_by_token_hash
from events.services.activity import SYSTEM, ActivityMeta, activity_record
from events.services.checkin import checkin_list_main
from events.services.common import unique_slug

PAIRING_LIFETIME = timedelta(minutes=15)


@transaction.atomic
def checkin_list_create(
    *,
    conference: Conference,
    name: str,
    allow_reentry: bool = False,
    roles: list[DelegateRole] | None = None,
) -> CheckinList:
    checkin_list_main(conference=conference)
    roles = list(roles or [])
    if any(role.conference_id != conference.pk for role in roles):
        raise field_error("roles", _("This role belongs to another conference."), "foreign_role")
    name = clean_text(name)
    slug = unique_slug(CheckinList, name, max_length=50, conference=conference)
    checkin_list = CheckinList(
        conference=conference,
        name=name,
        slug=slug,
        allow_reentry=allow_reentry,
        role_limited=bool(roles),
    )
    checkin_list.full_clean()
    checkin_list.save()
    checkin_list.roles.set(roles)
    return checkin_list


@transaction.atomic
def checkin_list_update(
    *,
    checkin_list: CheckinList,
    name: str,
    allow_reentry: bool,
    roles: list[DelegateRole],
) -> CheckinList:
    if any(role.conference_id != checkin_list.conference_id for role in roles):
        raise field_error("roles", _("This role belongs to another conference."), "foreign_role")
    checkin_list.name = clean_text(name)
    checkin_list.allow_reentry = allow_reentry
    checkin_list.role_limited = bool(roles)
    checkin_list.full_clean()
    checkin_list.save()
    checkin_list.roles.set(roles)
    return checkin_list


def device_create(
    *,
    conference: Conference,
    name: str,
    checkin_list: CheckinList | None = None,
    created_by=None,
    meta: ActivityMeta = SYSTEM,
) -> ScannerDevice:
    """A device waiting to be paired (its pairing QR is valid 15 minutes)."""
    checkin_list = checkin_list or checkin_list_main(conference=conference)
    if checkin_list.conference_id != conference.pk:
        raise field_error(
            "checkin_list", _("This list belongs to another conference."), "foreign_list"
        )
    device = ScannerDevice(
        conference=conference,
        checkin_list=checkin_list,
        name=clean_text(name),
        created_by=created_by,
    )
    device.full_clean()
    device.save()
    activity_record(
        conference=conference,
        actor=created_by,
        action="device.created",
        obj=device,
        data={"checkin_list": checkin_list.slug},
        meta=meta,
    )
    return device_pairing_renew(device=device)


def device_pairing_renew(*, device: ScannerDevice) -> ScannerDevice:
    """A fresh one-time pairing secret (also to move a device to a new phone)."""
    device.pairing_secret = secrets.token_urlsafe(24)
    device.pairing_expires_at = timezone.now() + PAIRING_LIFETIME
    device.save(update_fields=["pairing_secret", "pairing_expires_at"])
    return device


def device_pair(
    *, pairing_secret: str, meta: ActivityMeta = SYSTEM
) -> tuple[ScannerDevice, str] | None:
    """Exchange a pairing secret for the device's bearer token (once).

    Pairing again replaces the token: the previously paired phone stops
    working. None if the secret is unknown, used, expired or revoked.
    """
    if not isinstance(pairing_secret, str) or not 10 < len(pairing_secret) < 64:
        return None
    with transaction.atomic():
        device = (
            ScannerDevice.objects.select_for_update()
            .select_related("conference", "checkin_list")
            .filter(pairing_secret=pairing_secret, revoked_at__isnull=True)
            .first()
        )
        if device is None or device.pairing_expires_at < timezone.now():
            return None
        token = _device_set_token(device)
        device.pairing_secret = ""
        device.pairing_expires_at = None
        device.paired_at = timezone.now()
        device.save(
            update_fields=["token_hash", "pairing_secret", "pairing_expires_at", "paired_at"]
        )
        activity_record(conference=device.conference, action="device.paired", obj=device, meta=meta)
    return device, token


def _device_set_token(device: ScannerDevice) -> str:
    token = new_device_token()
    device.token_hash = hash_device_token(token)
    return token


def device_issue_token(
    *, conference: Conference, name: str, checkin_list: CheckinList | None = None
) -> tuple[ScannerDevice, str]:
    """A paired device at once (``manage.py scanner_token``)."""
    device = device_create(conference=conference, name=name, checkin_list=checkin_list)
    token = _device_set_token(device)
    device.pairing_secret = ""
    device.pairing_expires_at = None
    device.paired_at = timezone.now()
    device.save()
    return device, token


@transaction.atomic
def device_revoke(*, device: ScannerDevice, meta: ActivityMeta = SYSTEM) -> ScannerDevice:
    device.revoked_at = timezone.now()
    device.pairing_secret = ""
    device.save(update_fields=["revoked_at", "pairing_secret"])
    activity_record(conference=device.conference, action="device.revoked", obj=device, meta=meta)
    return device


def device_authenticate(*, token: str) -> ScannerDevice | None:
    """The active device holding ``token``: one indexed lookup."""
    if not isinstance(token, str) or not 20 < len(token) < 100:
        return None
    device = device_by_token_hash(hash_device_token(token))
    if device is None:
        return None
    now = timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at > timedelta(minutes=1):
        ScannerDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return device
