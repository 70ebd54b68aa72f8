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
