"""The migration re-keys intact plain-SHA-256 chains and leaves broken ones
broken (re-keying must not launder tampering)."""

import importlib

from django.apps import apps

from signing.audit import audit_verify, plain_event_hash
from signing.models import AuditEvent, Ceremony
from tests.signing.conftest import sign_all

migration = importlib.import_module("signing.migrations.0003_void_seal_history")


def _as_version_one(ceremony) -> None:
    """The chain as the code before keying wrote it."""
    prev = "0" * 64
    for event in AuditEvent.objects.filter(ceremony=ceremony).order_by("seq"):
        event.chain_version, event.prev_hash = 1, prev
        event.hash = plain_event_hash(event)
        event.save(update_fields=["chain_version", "prev_hash", "hash"])
        prev = event.hash
    Ceremony.objects.filter(pk=ceremony.pk).update(audit_head=prev)


def test_intact_plain_chain_is_rekeyed(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    _as_version_one(open_ceremony)
    assert audit_verify(ceremony=open_ceremony).problem == "unkeyed"

    migration.rekey_chains(apps, None)

    report = audit_verify(ceremony=open_ceremony)
    assert (report.ok, report.count) == (True, open_ceremony.audit_events.count())
    assert set(open_ceremony.audit_events.values_list("chain_version", flat=True)) == {2}


def test_broken_plain_chain_is_left_broken(open_ceremony, chair_meta):
    sign_all(open_ceremony, chair_meta)
    _as_version_one(open_ceremony)
    third = open_ceremony.audit_events.get(seq=3)
    AuditEvent.objects.filter(pk=third.pk).update(ip="192.0.2.66")

    migration.rekey_chains(apps, None)

    assert set(open_ceremony.audit_events.values_list("chain_version", flat=True)) == {1}
    assert audit_verify(ceremony=open_ceremony).ok is False
