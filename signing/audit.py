"""The ceremony's append-only, hash-chained audit log and its verifier.

Each event's hash covers the previous event's hash and the canonical JSON of
its own fields; the ceremony row keeps the count and the newest hash, so an
altered, removed, reordered or truncated log no longer verifies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from core.http import client_ip
from signing.models import AuditEvent, Ceremony

GENESIS = "0" * 64
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


def event_hash(event: AuditEvent) -> str:
    payload = {name: getattr(event, name) for name in _HASHED_FIELDS}
    payload["ceremony_id"] = event.ceremony_id
    payload["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((event.prev_hash + canonical).encode()).hexdigest()


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


def audit_verify(*, ceremony: Ceremony) -> ChainReport:
    """Walk the chain from the start; report the first event that breaks it."""
    head = Ceremony.objects.only("audit_count", "audit_head").get(pk=ceremony.pk)
    prev, expected_seq = GENESIS, 1
    events = AuditEvent.objects.filter(ceremony_id=ceremony.pk).order_by("seq")
    for event in events.iterator():
        if event.seq != expected_seq:
            return ChainReport(False, expected_seq - 1, "missing", expected_seq)
        if event.prev_hash != prev:
            return ChainReport(False, expected_seq - 1, "broken_link", event.seq)
        if event_hash(event) != event.hash:
            return ChainReport(False, expected_seq - 1, "altered", event.seq)
        prev, expected_seq = event.hash, expected_seq + 1
    count = expected_seq - 1
    if count != head.audit_count or prev != (head.audit_head or GENESIS):
        return ChainReport(False, count, "truncated", count + 1)
    return ChainReport(True, count)
