"""Small pure functions for check-in: reading a scanned pass code, device
token hashing, and the rotating self check-in code shown at the entrance."""

import re
import time

from django.utils.crypto import constant_time_compare, salted_hmac

from core.pairing import hash_token, new_token
from events.pass_signing import SignedPass, parse_signed

# registration_create: secrets.token_urlsafe(24) -> 32 URL-safe characters.
PASS_CODE_LENGTH = 32
_PASS_CODE = re.compile(rf"[A-Za-z0-9_-]{{{PASS_CODE_LENGTH}}}")
MAX_SCAN_LENGTH = 500

SELF_CHECKIN_PERIOD = 30  # seconds between two codes on the entrance screen
SELF_CHECKIN_MAX_AGE = 60  # a code older than this is refused
_SELF_SALT = "events.checkin.self"


def parse_scan(raw: object) -> SignedPass | None:
    """What a scan carries: the pass code, and the key id and signature when
    it is a signed ``H1.`` text (empty for a bare code or a link)."""
    if not isinstance(raw, str) or len(raw) > MAX_SCAN_LENGTH:
        return None
    text = raw.strip()
    if text.startswith("H1."):
        return parse_signed(text)
    code = _bare_code(text)
    return SignedPass(code, "", "") if code is not None else None


def parse_code(raw: object) -> str | None:
    """The pass code in a scan, or None if the scan cannot be one.

    A pass QR carries ``H1.<code>.<kid>.<sig>`` (the signature is checked
    by ``checkin_perform``, not here); a bare code, and a link whose last
    path segment (or ``code`` parameter) is a code, are accepted too, so
    older passes and a QR holding the pass page's address also work.
    """
    parsed = parse_scan(raw)
    return parsed.code if parsed is not None else None


def _bare_code(text: str) -> str | None:
    if "/" in text or "?" in text:
        query = text.partition("?")[2]
        for part in query.split("&"):
            key, _sep, value = part.partition("=")
            if key == "code":
                text = value
                break
        else:
            text = text.partition("?")[0].partition("#")[0].rstrip("/").rpartition("/")[2]
    return text if _PASS_CODE.fullmatch(text) else None


DEVICE_TOKEN_PREFIX = "hnd_"  # noqa: S105 (a prefix that marks our tokens, not a secret)
hash_device_token = hash_token


def new_device_token() -> str:
    return new_token(DEVICE_TOKEN_PREFIX)


def _self_mac(list_id: int, issued: int) -> str:
    return salted_hmac(_SELF_SALT, f"{list_id}:{issued}", algorithm="sha256").hexdigest()[:32]


def self_checkin_token(*, list_id: int, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    return f"{list_id}.{issued}.{_self_mac(list_id, issued)}"


def self_checkin_token_read(token: str, *, now: float | None = None) -> tuple[int, int] | None:
    """(list id, issued at) of a genuine, fresh token; None otherwise."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    list_id, issued = int(parts[0]), int(parts[1])
    if not constant_time_compare(parts[2], _self_mac(list_id, issued)):
        return None
    age = (time.time() if now is None else now) - issued
    if age > SELF_CHECKIN_MAX_AGE or age < -5:
        return None
    return list_id, issued
