"""Writes that prepare check-in: lists (entrances) and scanner devices."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import field_error
from core.pairing import (
    last_seen_touch,
    pairing_consume,
    pairing_issue,
    pairing_revoke,
    token_plausible,
    token_set,
)
from events.checkin_tokens import DEVICE_TOKEN_PREFIX, hash_device_token
from events.models import CheckinList, Conference, DelegateRole, ScannerDevice
from events.names import clean_text
from events.selectors.scan import device_by_token_hash
from events.services.activity import SYSTEM, ActivityMeta, activity_record
from events.services.checkin import checkin_list_main
from events.services.common import unique_slug


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
    return pairing_issue(device=device)


def device_pair(
    *, pairing_secret: str, meta: ActivityMeta = SYSTEM
) -> tuple[ScannerDevice, str] | None:
    """Exchange a pairing secret for the device's bearer token (once).

    Pairing again replaces the token: the previously paired phone stops
    working. None if the secret is unknown, used, expired or revoked.
    """

    def record(device: ScannerDevice) -> None:
        activity_record(conference=device.conference, action="device.paired", obj=device, meta=meta)

    return pairing_consume(
        model=ScannerDevice,
        pairing_secret=pairing_secret,
        prefix=DEVICE_TOKEN_PREFIX,
        select_related=("conference", "checkin_list"),
        mark_seen=False,  # "last scan" stays empty until the first scan
        on_paired=record,
    )


def device_issue_token(
    *, conference: Conference, name: str, checkin_list: CheckinList | None = None
) -> tuple[ScannerDevice, str]:
    """A paired device at once (``manage.py scanner_token``)."""
    device = device_create(conference=conference, name=name, checkin_list=checkin_list)
    token = token_set(device, prefix=DEVICE_TOKEN_PREFIX)
    device.pairing_secret = ""
    device.pairing_expires_at = None
    device.paired_at = timezone.now()
    device.save()
    return device, token


@transaction.atomic
def device_revoke(*, device: ScannerDevice, meta: ActivityMeta = SYSTEM) -> ScannerDevice:
    pairing_revoke(device=device)
    activity_record(conference=device.conference, action="device.revoked", obj=device, meta=meta)
    return device


def device_authenticate(*, token: str) -> ScannerDevice | None:
    """The active device holding ``token``: one indexed lookup."""
    if not token_plausible(token):
        return None
    device = device_by_token_hash(hash_device_token(token))
    if device is None:
        return None
    return last_seen_touch(device)
