"""Check-ins carried from a venue laptop (LAN mode) to the central server.

``checkins_export`` writes every check-in of a conference, with its nonce,
into one JSON document sealed with an HMAC; ``checkins_import`` reads it on
the other side. The import is all-or-nothing (one transaction; any conflict
refuses the whole file), idempotent (a row whose (list, nonce) is already
there is skipped, so the same file twice counts once) and never counts a
person twice on a once-only list (an admission already recorded here is
kept and the laptop's is reported). See docs/lan-mode.md.

The HMAC key is derived from ``DJANGO_CHECKIN_SYNC_KEY`` or, when that is
empty, from the pass signing secret (``DJANGO_PASS_SIGNING_SECRET``, else
SECRET_KEY and its fallbacks): give the laptop and the central server the
same value. A file that was edited, cut or made with another key is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.errors import DomainError
from events import pass_signing
from events.models import Checkin, CheckinMethod, Conference, Registration, RetiredCode, User
from events.services.checkin import checkin_list_main
from events.services.registrations import lock_conference

FORMAT = "hoinghi-checkins/1"
_KEY_INFO = b"hoinghi checkin sync v1"
MAX_ROWS = 200_000
# A laptop's clock may be off by minutes; an export "made" later than that
# ahead of the importing server's clock comes from a wrong clock.
FUTURE_TOLERANCE = timedelta(minutes=10)


def _keys() -> list[bytes]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    explicit = getattr(settings, "CHECKIN_SYNC_KEY", "")
    secrets = [explicit] if explicit else pass_signing.signing_secrets()
    return [
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(s.encode())
        for s in secrets
    ]


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(body: dict, key: bytes) -> str:
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def checkins_export(*, conference: Conference) -> dict:
    """Every check-in of the conference (annulled ones too), oldest first."""
    rows = (
        Checkin.objects.filter(checkin_list__conference=conference)
        .select_related("registration", "checkin_list", "device", "user", "annulled_by")
        .order_by("created_at", "pk")
    )
    body = {
        "format": FORMAT,
        "conference": {"id": conference.pk, "slug": conference.slug, "title": conference.title},
        "exported_at": _iso(timezone.now()),
        "source": settings.SITE_URL,
        "checkins": [
            {
                # A row without a nonce (none are made so today) gets one
                # from its id, the same in every export of this database.
                "nonce": row.nonce or f"export:{row.pk}",
                "list": row.checkin_list.slug,
                "code": row.registration.code,
                "name": row.registration.full_name,
                "at": _iso(row.created_at),
                "method": row.method,
                "by": row.user.email if row.user_id else "",
                "device": row.device.name if row.device_id else "",
                "annulled_at": _iso(row.annulled_at),
                "annulled_by": row.annulled_by.email if row.annulled_by_id else "",
            }
            for row in rows
        ],
    }
    return {**body, "hmac": _mac(body, _keys()[0])}


@dataclass
class ImportReport:
    conference: Conference | None = None
    imported: int = 0
    annulled: int = 0
    already: int = 0  # the same (list, nonce) was imported before
    admitted_here: list[dict] = field(default_factory=list)  # once-only, already in here
    skipped: list[dict] = field(default_factory=list)  # unknown person, with skip_unknown
    conflicts: list[dict] = field(default_factory=list)
    applied: bool = False

    def as_json(self) -> dict:
        return {
            "conference": self.conference.slug if self.conference else None,
            "applied": self.applied,
            "imported": self.imported,
            "annulled": self.annulled,
            "already_imported": self.already,
            "already_admitted_here": self.admitted_here,
            "skipped_unknown": self.skipped,
            "conflicts": self.conflicts,
        }


def _refuse(message, code: str):
    raise DomainError(message, code)


def _envelope(data: object) -> tuple[dict, Conference]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _refuse(_("This is not a check-in export of Hội nghị (format %s).") % FORMAT, "format")
    body = {k: v for k, v in data.items() if k != "hmac"}
    given = data.get("hmac")
    if not isinstance(given, str) or not any(
        hmac.compare_digest(_mac(body, key), given) for key in _keys()
    ):
        _refuse(
            _(
                "The file's seal does not match: it was changed after export, or the "
                "exporting server has another DJANGO_CHECKIN_SYNC_KEY / "
                "DJANGO_PASS_SIGNING_SECRET. Nothing was imported."
            ),
            "bad_seal",
        )
    meta = data.get("conference") or {}
    conference = Conference.objects.filter(slug=meta.get("slug")).first()
    if conference is None:
        _refuse(
            _("No conference %(slug)s here: nothing was imported.") % {"slug": meta.get("slug")},
            "unknown_conference",
        )
    rows = data.get("checkins")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        _refuse(_("The file has no list of check-ins."), "format")
    return data, conference


def _registration(conference: Conference, code: str) -> tuple[Registration | None, str]:
    found = Registration.objects.filter(code=code).first()
    if found is None:
        retired = RetiredCode.objects.filter(code=code).select_related("registration").first()
        found = retired.registration if retired else None
    if found is None:
        return None, "unknown_registration"
    if found.conference_id != conference.pk:
        return None, "other_conference"
    return found, ""


def _time(value: object) -> datetime | None:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or timezone.is_naive(parsed):
        return None
    return parsed


def checkins_import(
    *,
    data: object,
    expect_conference: str | None = None,
    dry_run: bool = False,
    skip_unknown: bool = False,
) -> ImportReport:
    """Apply an export here. Raises DomainError for a file that cannot be
    trusted (seal, format, conference); returns the report otherwise, with
    ``applied`` False when a conflict (or ``dry_run``) left everything as it was."""
    data, conference = _envelope(data)
    report = ImportReport(conference=conference)
    if expect_conference and conference.slug != expect_conference:
        _refuse(
            _("This file is for the conference %(slug)s, not %(expected)s.")
            % {"slug": conference.slug, "expected": expect_conference},
            "other_conference",
        )
    lists = {x.slug: x for x in conference.checkin_lists.all()}
    users = {}
    now = timezone.now()
    exported_at = _time(data.get("exported_at"))
    if exported_at is None or exported_at > now + FUTURE_TOLERANCE:
        _refuse(
            _(
                "The file says it was exported at %(at)s, which is later than now: the "
                "exporting computer's clock is wrong. Set its clock, export again."
            )
            % {"at": data.get("exported_at")},
            "clock_ahead",
        )
    try:
        with transaction.atomic():
            lock_conference(conference)
            for number, row in enumerate(data["checkins"], start=1):
                _import_row(
                    conference, row, number, lists, users, exported_at, report, skip_unknown
                )
            if report.conflicts or dry_run:
                transaction.set_rollback(True)
            else:
                report.applied = True
    except IntegrityError:
        # A live scan of the same person landed while we imported: run it again.
        report.applied = False
        report.conflicts.append({"row": None, "reason": "concurrent_scan"})
    return report


def _user(users: dict, email: str):
    if not email:
        return None
    if email not in users:
        users[email] = User.objects.filter(email__iexact=email).first()
    return users[email]


def _import_row(conference, row, number, lists, users, exported_at, report, skip_unknown):
    def conflict(reason: str, **extra):
        report.conflicts.append({"row": number, "reason": reason, **extra})

    if not isinstance(row, dict):
        return conflict("not_an_object")
    nonce, at = row.get("nonce"), _time(row.get("at"))
    annulled_at = _time(row.get("annulled_at")) if row.get("annulled_at") else None
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 100 or at is None:
        return conflict("malformed", nonce=nonce)
    if at > exported_at or (annulled_at and annulled_at > exported_at):
        return conflict("after_export", nonce=nonce, at=row.get("at"))
    checkin_list = lists.get(row.get("list"))
    if checkin_list is None and row.get("list") == "main":
        # The main entrance is made with the first need for it: the laptop
        # may have made it while the central server has none yet.
        checkin_list = lists["main"] = checkin_list_main(conference=conference)
    if checkin_list is None:
        return conflict("unknown_list", nonce=nonce, list=row.get("list"))
    registration, why = _registration(conference, str(row.get("code", ""))[:64])
    if registration is None:
        if why == "unknown_registration" and skip_unknown:
            report.skipped.append({"row": number, "nonce": nonce, "name": row.get("name", "")})
            return None
        return conflict(why, nonce=nonce, name=row.get("name", ""))
    method = row.get("method") if row.get("method") in CheckinMethod.values else "manual"
    existing = Checkin.objects.filter(checkin_list=checkin_list, nonce=nonce).first()
    if existing is not None:
        if existing.registration_id != registration.pk:
            return conflict("nonce_clash", nonce=nonce, name=row.get("name", ""))
        if annulled_at and existing.annulled_at is None:
            existing.annulled_at = annulled_at
            existing.annulled_by = _user(users, row.get("annulled_by", ""))
            existing.save(update_fields=["annulled_at", "annulled_by"])
            report.annulled += 1
        else:
            report.already += 1
        return None
    once_only = not checkin_list.allow_reentry
    if once_only and annulled_at is None:
        here = Checkin.objects.filter(
            checkin_list=checkin_list, registration=registration, annulled_at__isnull=True
        ).first()
        if here is not None:
            report.admitted_here.append(
                {
                    "row": number,
                    "nonce": nonce,
                    "name": registration.full_name,
                    "here_at": _iso(here.created_at),
                    "laptop_at": row.get("at"),
                }
            )
            return None
    Checkin.objects.create(
        registration=registration,
        checkin_list=checkin_list,
        created_at=at,
        method=method,
        user=_user(users, row.get("by", "")),
        nonce=nonce,
        once_only=once_only,
        annulled_at=annulled_at,
        annulled_by=_user(users, row.get("annulled_by", "")) if annulled_at else None,
    )
    report.imported += 1
    return None
