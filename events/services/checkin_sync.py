"""Scans a phone decided without network, sent when it is back
(docs/offline.md).

Each scan goes through ``checkin_perform`` like a live one, with its own
nonce: a scan sent twice (a retry, or a replayed queue) is answered from the
first time and counted once. A scan the phone admitted that the server
refuses is recorded as a refusal with the result ``offline_conflict``
(someone else admitted the person first) or ``revoked_since`` (the pass was
reissued or the registration declined while the phone was offline); the
attendance board lists both. A scan the phone itself refused is recorded in
the refusal audit only.

The phone's clock may be wrong by hours: the request carries the phone's
"now" (``sent_at``), and each scan's time is moved by the difference to the
server's clock. A scan whose corrected time is in the future, before the
device was paired, or older than ``MAX_AGE`` is refused as ``invalid_time``.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.realtime import broadcasts_batched
from events.models import Checkin, CheckinMethod, CheckinRefusal, RetiredCode, ScannerDevice
from events.roster_crypto import code_hash, roster_salt
from events.services.checkin import Result, checkin_perform, checkin_refuse

MAX_SCANS = 200  # per request; the phone sends its queue in batches
MAX_AGE = timedelta(hours=72)
CLOCK_SLACK = timedelta(minutes=1)
CLOCK_WARN = timedelta(minutes=5)
# What the phone may say it decided.
ADMITTED = ("ok", "valid_unlisted")
PHONE_RESULTS = {*ADMITTED, *(r.value for r in Result)}


@dataclass(frozen=True)
class SyncAnswer:
    results: list[dict]
    clock_skew_seconds: int

    def as_json(self) -> dict:
        data = {"results": self.results, "clock_skew_seconds": self.clock_skew_seconds}
        if abs(self.clock_skew_seconds) > CLOCK_WARN.total_seconds():
            hours, rest = divmod(abs(self.clock_skew_seconds), 3600)
            data["clock_message"] = _(
                "This phone's clock is off by %(hours)d h %(minutes)02d min. The times of "
                "offline scans were corrected; set the phone's clock."
            ) % {"hours": hours, "minutes": rest // 60}
        return data


def _moment(value: object) -> datetime | None:
    if type(value) not in (int, float) or not 0 < value < 2**53:
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def _retired_code(device: ScannerDevice, scan: dict) -> str | None:
    """A manual code typed offline whose pass was reissued since: the new
    code replaced the manual code too, so the server no longer knows whose it
    was; the roster record the phone decided on (its ``hash``) is that of the
    retired pass code, which names the person for staff and the board."""
    digest = scan.get("hash")
    if not isinstance(digest, str) or not digest or scan.get("code") is not None:
        return None
    salt = roster_salt(device_id=device.pk, token_hash=device.token_hash)
    retired = RetiredCode.objects.filter(registration__conference_id=device.conference_id)
    for code in retired.values_list("code", flat=True):
        if code_hash(salt, code) == digest:
            return code
    return None


def _method(scan: dict) -> str:
    if scan.get("manual_code") is not None:
        return CheckinMethod.CODE
    return CheckinMethod.MANUAL if scan.get("registration") is not None else CheckinMethod.CAMERA


def checkin_sync(*, device: ScannerDevice, scans: list, sent_at: object) -> SyncAnswer:
    """Decide every queued scan of ``device`` (at most ``MAX_SCANS``)."""
    now = timezone.now()
    phone_now = _moment(sent_at)
    skew = (now - phone_now) if phone_now is not None else timedelta(0)
    checkin_list = device.checkin_list
    nonces = [s.get("nonce") for s in scans if isinstance(s, dict)]
    nonces = [n for n in nonces if isinstance(n, str)]
    seen = set(
        Checkin.objects.filter(checkin_list=checkin_list, nonce__in=nonces).values_list(
            "nonce", flat=True
        )
    )
    refused = dict(
        CheckinRefusal.objects.filter(
            checkin_list=checkin_list, device=device, offline=True, nonce__in=nonces
        ).values_list("nonce", "result")
    )
    results = []
    with broadcasts_batched():
        for scan in scans[:MAX_SCANS]:
            results.append(
                _one(scan, device=device, now=now, skew=skew, seen=seen, refused=refused)
                | ({} if not isinstance(scan, dict) else {"nonce": scan.get("nonce")})
            )
    return SyncAnswer(results, round(skew.total_seconds()))


def _one(scan, *, device, now, skew, seen, refused) -> dict:
    conference, checkin_list = device.conference, device.checkin_list
    if not isinstance(scan, dict):
        return {"result": Result.INVALID, "message": _("Not a valid pass code.")}
    nonce = scan.get("nonce")
    if nonce in refused:
        return {
            "result": refused[nonce],
            "repeat": True,
            "message": _("Already sent: recorded once."),
        }
    phone_result = scan.get("offline_result")
    at = _moment(scan.get("at"))
    paired = device.paired_at or now - MAX_AGE
    args = {
        "conference": conference,
        "checkin_list": checkin_list,
        "nonce": nonce,
        "method": _method(scan),
        "device": device,
    }
    what = {
        "code": scan.get("code"),
        "registration_id": scan.get("registration"),
        "manual_code": scan.get("manual_code"),
    }
    if at is not None:
        at += skew
    if phone_result not in PHONE_RESULTS:
        return checkin_refuse(Result.INVALID, raw_code=what["code"], user=None, **args).as_json()
    if at is None or at > now + CLOCK_SLACK or at < max(now - MAX_AGE, paired - CLOCK_SLACK):
        return checkin_refuse(
            Result.INVALID_TIME,
            raw_code=what["code"] if what["code"] is not None else repr(what),
            user=None,
            admitted_offline=True,
            **args,
        ).as_json()
    if phone_result in ADMITTED:
        repeat = nonce in seen
        if what["manual_code"] is not None:
            retired = _retired_code(device, scan)
            if retired is not None:
                what = {"code": retired, "registration_id": None, "manual_code": None}
        answer = checkin_perform(**args, **what, at=at, admitted_offline=True).as_json()
        if repeat:
            answer.update(repeat=True, message=_("Already sent: counted once."))
        return answer
    # The phone refused it: only the audit of refusals hears of it.
    checkin_refuse(
        phone_result,
        raw_code=what["code"] if what["code"] is not None else repr(what),
        user=None,
        at=at,
        offline=True,
        **args,
    )
    return {"result": phone_result, "message": ""}
