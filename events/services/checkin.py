"""The single place where a check-in happens.

``checkin_perform`` reads the scanned code, checks conference, list, status
and role rules and inserts one append-only ``Checkin`` row. Two phones
scanning the same pass at the same instant both try the insert; the partial
unique index on (list, registration) lets exactly one through and the other
answers ``already_checked_in`` with the winner's time and device. A retried
request with the same client nonce hits the (list, nonce) index and gets the
first answer back. Every refusal is logged (``CheckinRefusal`` + logger).
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from core.realtime import broadcast_on_commit, conference_group
from events import pass_signing
from events.checkin_tokens import SignedPass, parse_scan
from events.models import (
    Checkin,
    CheckinList,
    CheckinMethod,
    Conference,
    Registration,
    RegistrationStatus,
    RetiredCode,
    ScannerDevice,
)
from events.selectors.passes import pass_key_by_kid
from events.selectors.scan import registration_by_code, registration_by_manual_code
from events.services.checkin_sql import checkin_conflicts, checkin_insert, refusal_insert
from events.services.registrations.passes import normalize_manual_code

logger = logging.getLogger("events.checkin")


class Result(StrEnum):
    """Stable result codes: the scanner, the API and the tests switch on them.
    A refused scan is a result, not an exception: the door shows it and goes on."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN_CODE = "unknown_code"
    REVOKED = "revoked"
    NOT_APPROVED = "not_approved"
    WRONG_CONFERENCE = "wrong_conference"
    NOT_ALLOWED_ON_LIST = "not_allowed_on_list"
    INVALID = "invalid"
    BAD_SIGNATURE = "bad_signature"
    RETIRED_KEY = "retired_key"
    # Only at the sync of a scan a phone admitted without network
    # (events/services/checkin_sync.py, docs/offline.md):
    OFFLINE_CONFLICT = "offline_conflict"  # someone else had admitted them first
    REVOKED_SINCE = "revoked_since"  # the pass was reissued or declined meanwhile
    INVALID_TIME = "invalid_time"  # the scan's time cannot be right


# What a refusal of a scan admitted offline is recorded as.
_AFTER_OFFLINE = {
    Result.ALREADY_CHECKED_IN: Result.OFFLINE_CONFLICT,
    Result.UNKNOWN_CODE: Result.REVOKED_SINCE,
    Result.REVOKED: Result.REVOKED_SINCE,
    Result.NOT_APPROVED: Result.REVOKED_SINCE,
    Result.WRONG_CONFERENCE: Result.REVOKED_SINCE,
    Result.NOT_ALLOWED_ON_LIST: Result.REVOKED_SINCE,
    Result.RETIRED_KEY: Result.REVOKED_SINCE,
}
# Results that still name the person (the door must know whom it let in).
_NAMED = (Result.OK, Result.ALREADY_CHECKED_IN, Result.OFFLINE_CONFLICT, Result.REVOKED_SINCE)


@dataclass(frozen=True)
class CheckinResult:
    result: str
    message: str
    registration: Registration | None = None
    checkin: Checkin | None = None

    @property
    def ok(self) -> bool:
        return self.result == Result.OK

    def as_json(self) -> dict:
        data: dict = {"result": self.result, "message": self.message}
        registration = self.registration
        if registration is not None and self.result in _NAMED:
            data.update(
                name=registration.full_name,
                title=registration.title,
                unit=registration.affiliation,
                role=registration.role.name,
                role_colour=registration.role.colour,
            )
        if self.checkin is not None:
            data.update(
                checkin_id=self.checkin.pk,
                checked_in_at=timezone.localtime(self.checkin.created_at).isoformat(),
                checked_in_by=self.checkin.source_name,
            )
        return data


def checkin_message(result: str, checkin: Checkin | None = None) -> str:
    """The words of a result (the phone's copy for offline decisions too)."""
    return _message(result, checkin)


def _message(result: str, checkin: Checkin | None = None) -> str:
    if result == Result.OK:
        return _("Welcome! Checked in.")
    if result == Result.ALREADY_CHECKED_IN and checkin is not None:
        return _("Already checked in at %(time)s by %(source)s.") % {
            "time": time_format(timezone.localtime(checkin.created_at), "H:i"),
            "source": checkin.source_name,
        }
    if result == Result.OFFLINE_CONFLICT and checkin is not None:
        return _(
            "Admitted offline, but already checked in at %(time)s by %(source)s: "
            "recorded as a conflict."
        ) % {
            "time": time_format(timezone.localtime(checkin.created_at), "H:i"),
            "source": checkin.source_name,
        }
    return {
        Result.OFFLINE_CONFLICT: _("Admitted offline, but already checked in: a conflict."),
        Result.REVOKED_SINCE: _(
            "Admitted offline, since revoked: this pass was reissued or the registration "
            "declined while the phone was offline."
        ),
        Result.INVALID_TIME: _(
            "The time of this offline scan cannot be right (check the phone's clock)."
        ),
        Result.ALREADY_CHECKED_IN: _("Already checked in."),
        Result.UNKNOWN_CODE: _("Unknown code: this is not a pass of ours."),
        Result.REVOKED: _("This pass was replaced by a newer one. Ask for the new pass."),
        Result.NOT_APPROVED: _("This registration is not approved."),
        Result.WRONG_CONFERENCE: _("This pass belongs to another conference."),
        Result.NOT_ALLOWED_ON_LIST: _("This person's role is not admitted here."),
        Result.INVALID: _("Not a valid pass code."),
        Result.BAD_SIGNATURE: _(
            "Forged pass: its signature is not ours. Do not admit; call an organizer."
        ),
        Result.RETIRED_KEY: _(
            "This pass was signed with a withdrawn key. "
            "Ask the delegate to open or print the pass again."
        ),
    }[result]


def checkin_refuse(
    result: str,
    *,
    conference: Conference,
    checkin_list: CheckinList | None,
    raw_code: object,
    nonce: str,
    method: str,
    device: ScannerDevice | None,
    user,
    registration: Registration | None = None,
    message: str = "",
    checkin: Checkin | None = None,
    at=None,
    admitted_offline: bool = False,
    offline: bool = False,
) -> CheckinResult:
    """Record a refused scan (``offline``: decided on the phone, sent later;
    ``admitted_offline``: the phone let the person in, see ``_AFTER_OFFLINE``)."""
    if admitted_offline:
        result = _AFTER_OFFLINE.get(result, result)
    raw = raw_code if isinstance(raw_code, str) else repr(raw_code)
    refusal_insert(
        conference_id=conference.pk,
        checkin_list_id=checkin_list.pk if checkin_list else None,
        registration_id=registration.pk if registration else None,
        result=result,
        raw_code=raw[:80],
        nonce=nonce[:100] if isinstance(nonce, str) else "",
        method=method,
        device_id=device.pk if device else None,
        user_id=user.pk if user is not None and user.is_authenticated else None,
        at=at or timezone.now(),
        offline=offline or admitted_offline,
    )
    if result in _AFTER_OFFLINE.values() and registration is not None:
        _broadcast_conflict(conference, checkin_list, registration, result, at, device)
    logger.info(
        "check-in refused: %s conference=%s list=%s device=%s registration=%s",
        result,
        conference.pk,
        checkin_list.pk if checkin_list else None,
        device.pk if device else None,
        registration.pk if registration else None,
    )
    return CheckinResult(result, message or _message(result, checkin), registration, checkin)


def _valid_nonce(nonce: object) -> bool:
    return isinstance(nonce, str) and 0 < len(nonce) <= 100 and nonce.isprintable()


def checkin_list_main(*, conference: Conference) -> CheckinList:
    """The main entrance, created with the first need for it."""
    found = conference.checkin_lists.filter(is_main=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            return CheckinList.objects.create(
                conference=conference, name=_("Main entrance"), slug="main", is_main=True
            )
    except IntegrityError:
        return conference.checkin_lists.get(is_main=True)


def checkin_perform(
    *,
    conference: Conference,
    checkin_list: CheckinList,
    nonce: str,
    code: object = None,
    registration_id: object = None,
    manual_code: object = None,
    method: str = CheckinMethod.CAMERA,
    device: ScannerDevice | None = None,
    user=None,
    at=None,
    admitted_offline: bool = False,
) -> CheckinResult:
    """Admit the holder of ``code`` (or, for a manual search, the registration
    ``registration_id``; typed at the door, the short ``manual_code``) to
    ``checkin_list``. Never raises for bad input.

    ``admitted_offline``: a phone already let this person in without network
    at ``at`` (docs/offline.md); a refusal is then recorded as a conflict or
    as "admitted offline, since revoked"."""
    refuse = {
        "conference": conference,
        "checkin_list": checkin_list,
        "raw_code": (
            code
            if registration_id is None and manual_code is None
            else f"#{registration_id}"
            if manual_code is None
            else manual_code
        ),
        "nonce": nonce,
        "method": method,
        "device": device,
        "user": user,
        "at": at,
        "admitted_offline": admitted_offline,
    }
    if not _valid_nonce(nonce) or checkin_list.conference_id != conference.pk:
        return checkin_refuse(Result.INVALID, **refuse)
    if manual_code is not None:
        normal = normalize_manual_code(manual_code)
        if normal is None or method != CheckinMethod.CODE:
            return checkin_refuse(Result.INVALID, **refuse)
        registration = registration_by_manual_code(conference_id=conference.pk, manual_code=normal)
        if registration is None:
            return checkin_refuse(Result.UNKNOWN_CODE, **refuse)
    elif registration_id is not None:
        if method == CheckinMethod.CAMERA or type(registration_id) is not int:
            return checkin_refuse(Result.INVALID, **refuse)
        registration = (
            Registration.objects.select_related("unit", "role").filter(pk=registration_id).first()
        )
        if registration is None:
            return checkin_refuse(Result.UNKNOWN_CODE, **refuse)
    else:
        scanned = parse_scan(code)
        if scanned is None:
            return checkin_refuse(Result.INVALID, **refuse)
        if scanned.kid and (refused := _signature_refusal(conference, scanned)) is not None:
            return checkin_refuse(refused, **refuse)
        parsed = scanned.code
        registration = registration_by_code(parsed)
        if registration is None:
            retired = RetiredCode.objects.filter(code=parsed).select_related("registration").first()
            if retired is None:
                return checkin_refuse(Result.UNKNOWN_CODE, **refuse)
            if retired.registration.conference_id != conference.pk:
                return checkin_refuse(Result.WRONG_CONFERENCE, **refuse)
            return checkin_refuse(Result.REVOKED, registration=retired.registration, **refuse)
    if registration.conference_id != conference.pk:
        return checkin_refuse(Result.WRONG_CONFERENCE, **refuse)
    if registration.status != RegistrationStatus.APPROVED:
        return checkin_refuse(Result.NOT_APPROVED, registration=registration, **refuse)
    if (
        checkin_list.role_limited
        and not checkin_list.roles.filter(pk=registration.role_id).exists()
    ):
        return checkin_refuse(Result.NOT_ALLOWED_ON_LIST, registration=registration, **refuse)

    checkin = Checkin(
        registration=registration,
        checkin_list=checkin_list,
        created_at=at or timezone.now(),
        method=method,
        device=device,
        user=user if user is not None and user.is_authenticated else None,
        nonce=nonce,
        once_only=not checkin_list.allow_reentry,
        offline=admitted_offline,
    )
    if not checkin_insert(checkin):
        return _after_conflict(registration, checkin_list, nonce, refuse)
    _broadcast(conference, checkin, registration, event="arrival")
    return CheckinResult(Result.OK, _message(Result.OK), registration, checkin)


def _signature_refusal(conference: Conference, scanned: SignedPass) -> str | None:
    """Why a signed pass is refused before its code is even looked up, or None.
    A key of another conference answers ``wrong_conference``; an unknown key
    or a signature that does not verify, ``bad_signature``."""
    key = pass_key_by_kid(scanned.kid)
    if key is None:
        return Result.BAD_SIGNATURE
    if key.conference_id != conference.pk:
        return Result.WRONG_CONFERENCE
    signature = pass_signing.b64url_decode(scanned.sig)
    public_key = pass_signing.b64url_decode(key.public_key)
    if signature is None or public_key is None:
        return Result.BAD_SIGNATURE
    if not pass_signing.verify(
        public_key, signature, conference_id=conference.pk, code=scanned.code
    ):
        return Result.BAD_SIGNATURE
    if key.retired_at is not None:
        return Result.RETIRED_KEY
    return None


def _after_conflict(registration, checkin_list, nonce, refuse) -> CheckinResult:
    """The insert lost: a retry of an earlier request, or someone was faster."""
    found = checkin_conflicts(
        checkin_list_id=checkin_list.pk, nonce=nonce, registration_id=registration.pk
    )
    earlier = next((c for c in found if c.nonce == nonce), None)
    if earlier is not None:
        if earlier.registration_id != registration.pk:
            return checkin_refuse(Result.INVALID, registration=registration, **refuse)
        return CheckinResult(Result.OK, _message(Result.OK), registration, earlier)
    first = next((c for c in found if c.registration_id == registration.pk), None)
    return checkin_refuse(
        Result.ALREADY_CHECKED_IN, registration=registration, checkin=first, **refuse
    )


def checkin_annul(*, checkin: Checkin, user=None, device: ScannerDevice | None = None) -> bool:
    """Undo a check-in: the row stays, marked annulled by whom and when.
    False if it was already annulled (two people pressed undo)."""
    now = timezone.now()
    with transaction.atomic():
        changed = Checkin.objects.filter(pk=checkin.pk, annulled_at__isnull=True).update(
            annulled_at=now,
            annulled_by=user if user is not None and user.is_authenticated else None,
            annulled_by_device=device,
        )
        if changed:
            checkin.annulled_at = now
            registration = checkin.registration
            _broadcast(registration.conference, checkin, registration, event="annulled")
    if changed:
        logger.info("check-in %s annulled by user=%s device=%s", checkin.pk, user, device)
    return bool(changed)


def arrival_payload(checkin: Checkin, registration: Registration) -> dict:
    return {
        "checkin_id": checkin.pk,
        "registration_id": registration.pk,
        "list_id": checkin.checkin_list_id,
        "name": registration.full_name,
        "title": registration.title,
        "unit_id": registration.unit_id,
        "unit": registration.affiliation,
        "role_id": registration.role_id,
        "role": registration.role.name,
        "counts": registration.role.counts_toward_quota,
        "time": timezone.localtime(checkin.created_at).isoformat(),
        "hm": time_format(timezone.localtime(checkin.created_at), "H:i"),
    }


def _broadcast_conflict(conference, checkin_list, registration, result, at, device) -> None:
    """An offline admission the server refused, for the attendance board."""
    moment = timezone.localtime(at or timezone.now())
    arrival = {
        "registration_id": registration.pk,
        "list_id": checkin_list.pk if checkin_list else None,
        "name": registration.full_name,
        "unit_id": registration.unit_id,
        "unit": registration.affiliation,
        "result": result,
        "hm": time_format(moment, "H:i"),
        "device": device.name if device else "",
    }
    message = {"type": "attendance.update", "event": "conflict", "arrival": arrival}
    broadcast_on_commit(conference_group(conference.pk, "attendance"), message)


def _broadcast(conference, checkin: Checkin, registration: Registration, *, event: str) -> None:
    message = {
        "type": "attendance.update",
        "event": event,
        "arrival": arrival_payload(checkin, registration),
    }
    broadcast_on_commit(conference_group(conference.pk, "attendance"), message)
