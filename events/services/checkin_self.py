"""Self check-in: a delegate confirms on their own phone after scanning the
rotating QR of the entrance screen. Goes through ``checkin_perform``."""

import time

from django.utils.translation import gettext as _

from events.checkin_tokens import self_checkin_token_read
from events.models import Checkin, CheckinList, CheckinMethod, Registration
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
