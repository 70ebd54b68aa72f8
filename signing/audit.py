"""The ceremony's append-only, keyed hash chain and its verifier.

Each event's hash is an HMAC-SHA256 over the previous event's hash and the
canonical JSON of its own fields, keyed with ``SIGNING_AUDIT_KEY`` (or a key
derived from ``SECRET_KEY``): kept outside the database, so someone with
database access alone cannot recompute the chain after editing it. The
ceremony row keeps the count and the newest hash, and the sealed PDF states
them too, so an altered, removed, reordered or truncated log no longer
verifies.

Chain versions: 1 = plain SHA-256 (before keying; the migration re-keyed
every intact chain, and the verifier never accepts a version-1 event),
2 = HMAC-SHA256.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.http import client_ip
from signing.models import AuditEvent, Ceremony

GENESIS = "0" * 64
CHAIN_VERSION = 2
_KEY_INFO = b"hoinghi signing audit chain v2"
_HASHED_FIELDS = (
    "seq",
    "kind",
    "user_email",
    "ip",
    "user_agent",
    "mode",
    "signatory_id",
    "text_sha256",
    "image_sha256",
    "detail",
)


@dataclass(frozen=True)
class RequestMeta:
    """Who did it, from where: taken from the request by the view."""

    user: object = None
    ip: str = ""
    user_agent: str = ""

    @classmethod
    def from_request(cls, request) -> RequestMeta:
        user = request.user if request.user.is_authenticated else None
        return cls(
            user=user,
            ip=client_ip(request)[:45],
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )


SYSTEM = RequestMeta()


def _derive(secret: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(
        secret.encode()
    )


def audit_keys() -> list[bytes]:
    """The chain's key first, then older ones still accepted when verifying
    (keys derived from ``SECRET_KEY_FALLBACKS``)."""
    explicit = getattr(settings, "SIGNING_AUDIT_KEY", "")
    if explicit:
        return [_derive(explicit)]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_derive(secret) for secret in secrets]


def _canonical(event: AuditEvent) -> str:
    payload = {name: getattr(event, name) for name in _HASHED_FIELDS}
    payload["ceremony_id"] = event.ceremony_id
    payload["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    if event.chain_version >= CHAIN_VERSION:
        payload["v"] = event.chain_version
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def plain_event_hash(event: AuditEvent) -> str:
    """Version 1: what anyone with the database could recompute."""
    return hashlib.sha256((event.prev_hash + _canonical(event)).encode()).hexdigest()


def event_hash(event: AuditEvent, key: bytes | None = None) -> str:
    """Version 2: HMAC-SHA256 with the chain's key."""
    key = key or audit_keys()[0]
    message = (event.prev_hash + _canonical(event)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _hash_ok(event: AuditEvent, keys: list[bytes]) -> bool:
    return any(hmac.compare_digest(event_hash(event, key), event.hash) for key in keys)


@transaction.atomic
def audit_append(
    *,
    ceremony: Ceremony,
    kind: str,
    meta: RequestMeta = SYSTEM,
    mode: str = "",
    signatory=None,
    image_sha256: str = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event under a row lock on the ceremony (no forks in the chain)."""
    head = (
        Ceremony.objects.select_for_update().only("audit_count", "audit_head").get(pk=ceremony.pk)
    )
    user = meta.user
    event = AuditEvent(
        ceremony_id=ceremony.pk,
        seq=head.audit_count + 1,
        kind=kind,
        at=timezone.now(),
        user=user,
        user_email=getattr(user, "email", "") or "",
        ip=meta.ip,
        user_agent=meta.user_agent,
        mode=mode,
        signatory_id=signatory.pk if signatory is not None else None,
        text_sha256=ceremony.text_sha256,
        image_sha256=image_sha256,
        detail=detail[:500],
        prev_hash=head.audit_head or GENESIS,
        chain_version=CHAIN_VERSION,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    Ceremony.objects.filter(pk=ceremony.pk).update(audit_count=event.seq, audit_head=event.hash)
    ceremony.audit_count, ceremony.audit_head = event.seq, event.hash
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    problem: str = ""
    seq: int | None = None
    # The head the sealed PDF states was found in the chain (None: not sealed,
    # or sealed before the PDF stated it).
    sealed_head: bool | None = None


def chain_matches(*, ceremony: Ceremony, count: int, head: str) -> bool:
    """Is ``head`` the hash of event ``count`` of the ceremony's (verified) chain?"""
    if count == 0:
        return head == GENESIS
    event = AuditEvent.objects.filter(ceremony_id=ceremony.pk, seq=count).only("hash").first()
    return event is not None and hmac.compare_digest(event.hash, head)


def _sealed_statement(ceremony: Ceremony) -> dict | None:
    from signing.sealing import pdf_statement

    if not ceremony.pdf:
        return None
    try:
        with ceremony.pdf.open("rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    return pdf_statement(data)


def audit_verify(*, ceremony: Ceremony) -> ChainReport:
    """Walk the chain from the start; report the first event that breaks it.

    For a sealed ceremony, also check that the chain holds the head the
    sealed PDF states (the database's own head can be rewritten; the PDF's
    cannot without breaking its seal).
    """
    head = Ceremony.objects.only("audit_count", "audit_head", "pdf").get(pk=ceremony.pk)
    keys = audit_keys()
    prev, expected_seq = GENESIS, 1
    events = AuditEvent.objects.filter(ceremony_id=ceremony.pk).order_by("seq")
    for event in events.iterator():
        if event.seq != expected_seq:
            return ChainReport(False, expected_seq - 1, "missing", expected_seq)
        if event.prev_hash != prev:
            return ChainReport(False, expected_seq - 1, "broken_link", event.seq)
        if event.chain_version < CHAIN_VERSION:
            return ChainReport(False, expected_seq - 1, "unkeyed", event.seq)
        if not _hash_ok(event, keys):
            return ChainReport(False, expected_seq - 1, "altered", event.seq)
        prev, expected_seq = event.hash, expected_seq + 1
    count = expected_seq - 1
    if count != head.audit_count or prev != (head.audit_head or GENESIS):
        return ChainReport(False, count, "truncated", count + 1)
    statement = _sealed_statement(head)
    if statement is None or not statement.get("audit_head"):
        return ChainReport(True, count)
    try:
        stated = int(statement.get("audit_count") or 0)
    except ValueError:
        return ChainReport(False, count, "sealed_head", None, sealed_head=False)
    if stated > count or not chain_matches(
        ceremony=ceremony, count=stated, head=statement["audit_head"]
    ):
        return ChainReport(False, count, "sealed_head", stated, sealed_head=False)
    return ChainReport(True, count, sealed_head=True)
