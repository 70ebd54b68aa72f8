"""Self check-in: a delegate confirms on their own phone after scanning the
rotating QR of the entrance screen (goes through ``checkin_perform``), and
the entrance display itself, a paired screen with no staff session."""

import secrets
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.checkin_tokens import hash_device_token, new_device_token, self_checkin_token_read
from events.models import (
    Checkin,
    CheckinList,
    CheckinMethod,
    Conference,
    EntranceDisplay,
    Registration,
)
from events.names import clean_text
from events.services.checkin import (
    CheckinResult,
    Result,
    checkin_list_main,
    checkin_perform,
    checkin_refuse,
)

SELF_GRANT_LIFETIME = 15 * 60  # seconds from scanning the entrance QR to confirming


def checkin_self(
    *, registration: Registration, token: str, scanned_at: float, now: float | None = None
) -> CheckinResult:
    """A delegate confirms on their own phone after scanning the entrance QR.

    ``token`` must be genuine and at most a minute old when it was scanned
    (``scanned_at``, recorded server-side), the confirmation must follow
    within 15 minutes, and one token admits a person once: a replay is
    refused even after an undo.
    """
    now = time.time() if now is None else now
    conference = registration.conference
    checkin_list = checkin_list_main(conference=conference)
    read = self_checkin_token_read(token, now=scanned_at)
    mac = token.rpartition(".")[2][:16] if isinstance(token, str) else ""
    refuse = {
        "conference": conference,
        "checkin_list": checkin_list,
        "raw_code": f"self:{mac}",
        "nonce": f"self:{mac}:{registration.pk}",
        "method": CheckinMethod.SELF,
        "device": None,
        "user": registration.user,
        "registration": registration,
    }
    if read is None or now - scanned_at > SELF_GRANT_LIFETIME or now < scanned_at - 5:
        return checkin_refuse(
            Result.INVALID,
            message=_("This entrance code has expired. Scan the screen at the entrance again."),
            **refuse,
        )
    list_id, _issued = read
    checkin_list = CheckinList.objects.filter(pk=list_id, conference=conference).first()
    if checkin_list is None:
        refuse["checkin_list"] = None
        return checkin_refuse(Result.WRONG_CONFERENCE, **refuse)
    refuse["checkin_list"] = checkin_list
    if Checkin.objects.filter(checkin_list=checkin_list, nonce=refuse["nonce"]).exists():
        return checkin_refuse(
            Result.INVALID, message=_("This entrance code was already used."), **refuse
        )
    return checkin_perform(
        conference=conference,
        checkin_list=checkin_list,
        nonce=refuse["nonce"],
        registration_id=registration.pk,
        method=CheckinMethod.SELF,
        user=registration.user,
    )


# The entrance display: a paired screen, not a staff session left at the door.

DISPLAY_PAIRING_LIFETIME = timedelta(minutes=15)


def entrance_display_create(
    *, conference: Conference, name: str, created_by=None
) -> EntranceDisplay:
    """A display waiting to be paired (its pairing code is valid 15 minutes)."""
    display = EntranceDisplay(conference=conference, name=clean_text(name), created_by=created_by)
    display.full_clean()
    display.save()
    return entrance_display_pairing_renew(display=display)


def entrance_display_pairing_renew(*, display: EntranceDisplay) -> EntranceDisplay:
    """A fresh one-time pairing code (also to move the display to a new screen)."""
    if display.revoked_at is not None:
        raise DomainError(_("This display was revoked."), code="revoked")
    display.pairing_secret = secrets.token_urlsafe(24)
    display.pairing_expires_at = timezone.now() + DISPLAY_PAIRING_LIFETIME
    display.save(update_fields=["pairing_secret", "pairing_expires_at"])
    return display


def entrance_display_pair(*, pairing_secret: str) -> tuple[EntranceDisplay, str] | None:
    """Exchange the pairing code for the display's bearer token (once).

    Pairing again replaces the token. None if the code is unknown, used,
    expired or revoked.
    """
    if not isinstance(pairing_secret, str) or not 10 < len(pairing_secret) < 64:
        return None
    with transaction.atomic():
        display = (
            EntranceDisplay.objects.select_for_update(of=("self",))
            .select_related("conference")
            .filter(pairing_secret=pairing_secret, revoked_at__isnull=True)
            .first()
        )
        if display is None or display.pairing_expires_at < timezone.now():
            return None
        token = new_device_token()
        display.token_hash = hash_device_token(token)
        display.pairing_secret = ""
        display.pairing_expires_at = None
        display.paired_at = display.last_seen_at = timezone.now()
        display.save(
            update_fields=[
                "token_hash",
                "pairing_secret",
                "pairing_expires_at",
                "paired_at",
                "last_seen_at",
            ]
        )
    return display, token


def entrance_display_revoke(*, display: EntranceDisplay) -> EntranceDisplay:
    display.revoked_at = timezone.now()
    display.pairing_secret = ""
    display.save(update_fields=["revoked_at", "pairing_secret"])
    return display


def entrance_display_authenticate(*, token: object) -> EntranceDisplay | None:
    """The active display holding ``token`` (None if unknown or revoked)."""
    if not isinstance(token, str) or not 20 < len(token) < 100:
        return None
    display = (
        EntranceDisplay.objects.select_related("conference")
        .filter(token_hash=hash_device_token(token), revoked_at__isnull=True)
        .first()
    )
    if display is None:
        return None
    now = timezone.now()
    if display.last_seen_at is None or now - display.last_seen_at > timedelta(minutes=1):
        EntranceDisplay.objects.filter(pk=display.pk).update(last_seen_at=now)
        display.last_seen_at = now
    return display
