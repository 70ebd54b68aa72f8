"""Self check-in: a delegate confirms on their own phone after scanning the
rotating QR of the entrance screen (goes through ``checkin_perform``), and
the entrance display itself, a paired screen with no staff session."""

import time

from django.utils.translation import gettext as _

from core.errors import DomainError
from core.pairing import (
    device_by_token,
    last_seen_touch,
    pairing_consume,
    pairing_issue,
    pairing_revoke,
)
from events.checkin_tokens import DEVICE_TOKEN_PREFIX, self_checkin_token_read
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
    return pairing_issue(device=display)


def entrance_display_pair(*, pairing_secret: str) -> tuple[EntranceDisplay, str] | None:
    """Exchange the pairing code for the display's bearer token (once).

    Pairing again replaces the token. None if the code is unknown, used,
    expired or revoked.
    """
    return pairing_consume(
        model=EntranceDisplay,
        pairing_secret=pairing_secret,
        prefix=DEVICE_TOKEN_PREFIX,
        select_related=("conference",),
    )


def entrance_display_revoke(*, display: EntranceDisplay) -> EntranceDisplay:
    return pairing_revoke(device=display)


def entrance_display_authenticate(*, token: object) -> EntranceDisplay | None:
    """The active display holding ``token`` (None if unknown or revoked)."""
    display = device_by_token(
        queryset=EntranceDisplay.objects.select_related("conference"),
        token=token,
    )
    return None if display is None else last_seen_touch(display)
