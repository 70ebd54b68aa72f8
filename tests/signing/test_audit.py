from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from signing.audit import RequestMeta, audit_verify
from signing.models import AuditEvent
from tests.signing.conftest import sign_all


def _chain(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    return list(open_ceremony.audit_events.order_by("seq"))


def test_untouched_chain_verifies(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.count) == (True, len(events))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))


def test_altered_event_is_detected(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    AuditEvent.objects.filter(pk=events[2].pk).update(ip="192.0.2.66")
    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "altered", 3)


def test_removed_event_is_detected(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "missing", 2)


def test_removed_newest_event_is_detected(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem) == (False, "truncated")


def test_rehashed_forgery_breaks_the_next_link(open_ceremony, chair_meta):
    from signing.audit import event_hash

    events = _chain(open_ceremony, chair_meta)
    forged = events[2]
    forged.user_agent = "forged"
    forged.hash = event_hash(forged)
    AuditEvent.objects.filter(pk=forged.pk).update(user_agent="forged", hash=forged.hash)
    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "broken_link", 4)


def test_audit_ip_behind_the_trusted_proxy_is_the_client(settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20"
    )
    request.user = AnonymousUser()

    assert RequestMeta.from_request(request).ip == "198.51.100.20"


def test_audit_ip_without_a_proxy_ignores_a_forged_forwarded_for(settings, db):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    request.user = AnonymousUser()

    assert RequestMeta.from_request(request).ip == "203.0.113.7"


def _plain_rehash(events, start: int, *, version=None) -> None:
    """What someone with the database alone can do: rewrite from ``start`` on
    and recompute every hash as plain SHA-256 over the canonical JSON."""
    import hashlib
    import json
    from datetime import UTC

    from signing.models import Ceremony

    prev = events[start - 2].hash if start > 1 else "0" * 64
    for event in events[start - 1 :]:
        payload = {
            name: getattr(event, name)
            for name in (
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
        }
        payload["ceremony_id"] = event.ceremony_id
        payload["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        event.prev_hash = prev
        event.hash = hashlib.sha256((prev + canonical).encode()).hexdigest()
        fields = {"prev_hash": event.prev_hash, "hash": event.hash, "detail": event.detail}
        if version is not None:
            fields["chain_version"] = version
        AuditEvent.objects.filter(pk=event.pk).update(**fields)
        prev = event.hash
    Ceremony.objects.filter(pk=events[0].ceremony_id).update(audit_head=prev)


def test_edit_with_plain_sha256_recomputed_is_detected(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    events[2].detail = "ghi đè"

    _plain_rehash(events, 3)

    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "altered", 3)


def test_chain_rewritten_as_the_old_unkeyed_version_is_detected(open_ceremony, chair_meta):
    events = _chain(open_ceremony, chair_meta)
    events[2].detail = "ghi đè"

    _plain_rehash(events, 1, version=1)

    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "unkeyed", 1)


def test_chain_verifies_only_with_its_key(open_ceremony, chair_meta, settings):
    _chain(open_ceremony, chair_meta)
    assert audit_verify(ceremony=open_ceremony).ok

    settings.SIGNING_AUDIT_KEY = "another key, as someone guessing it would use"

    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.problem, report.seq) == (False, "altered", 1)


def test_sealed_chain_holds_the_head_the_pdf_states(open_ceremony, chair_meta):
    from signing.services import ceremony_seal

    _chain(open_ceremony, chair_meta)
    sealed = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)

    report = audit_verify(ceremony=sealed)

    assert (report.ok, report.sealed_head) == (True, True)


def test_events_removed_before_sealing_are_caught_by_the_pdf_head(open_ceremony, chair_meta):
    from signing.models import Ceremony
    from signing.services import ceremony_seal

    _chain(open_ceremony, chair_meta)
    sealed = ceremony_seal(ceremony=open_ceremony, meta=chair_meta)
    events = list(sealed.audit_events.order_by("seq"))
    # Drop the last signature and the seal; point the ceremony at what is left.
    AuditEvent.objects.filter(pk__in=[e.pk for e in events[-2:]]).delete()
    Ceremony.objects.filter(pk=sealed.pk).update(
        audit_count=events[-3].seq, audit_head=events[-3].hash
    )

    report = audit_verify(ceremony=sealed)

    assert (report.ok, report.problem, report.seq) == (False, "sealed_head", events[-2].seq)
