"""The conference's activity log sees covenant edits, signatory changes and
the ceremony opened, reopened and sealed, with who and from where."""

import pytest

from events.models import ActivityLog
from signing.services import (
    ceremony_open,
    ceremony_reopen,
    ceremony_seal,
    covenant_update,
    signatory_update,
)
from tests.signing.conftest import sign_all

pytestmark = pytest.mark.django_db


def _rows(conference):
    return list(
        ActivityLog.objects.filter(conference=conference)
        .order_by("pk")
        .values_list("action", "actor_id", "ip", "data")
    )


@pytest.fixture
def clean_log(ceremony):
    """The ceremony fixture's own setup edits are not the test's."""
    ActivityLog.objects.all().delete()
    return ceremony


def test_covenant_update_records_the_changed_fields(clean_log, conference, chair_meta):
    covenant_update(
        ceremony=clean_log, title="GIAO ƯỚC", place=clean_log.covenant.place, meta=chair_meta
    )
    assert _rows(conference) == [
        ("covenant.updated", chair_meta.user.pk, "10.0.0.1", {"fields": ["title"]})
    ]
    entry = ActivityLog.objects.get()
    assert entry.object_label.startswith("GIAO ƯỚC")


def test_signatory_update_records_before_and_after(clean_log, conference, chair_meta):
    signatory = clean_log.signatories.order_by("position").first()
    before = signatory.full_name
    signatory_update(
        signatory=signatory, full_name="Trần Văn Nam", title="Giám đốc", meta=chair_meta
    )
    assert _rows(conference) == [
        (
            "signatory.updated",
            chair_meta.user.pk,
            "10.0.0.1",
            {"before": before, "after": "Trần Văn Nam"},
        )
    ]


def test_ceremony_open_reopen_seal_each_record_one_row(clean_log, conference, chair_meta):
    ceremony = ceremony_open(ceremony=clean_log, meta=chair_meta)
    ceremony = ceremony_reopen(ceremony=ceremony, reason="Sửa lỗi chính tả", meta=chair_meta)
    ceremony = ceremony_open(ceremony=ceremony, meta=chair_meta)
    sign_all(ceremony, chair_meta)
    ceremony_seal(ceremony=ceremony, meta=chair_meta)
    assert [(action, data) for action, _actor, _ip, data in _rows(conference)] == [
        ("ceremony.opened", {}),
        ("ceremony.reopened", {"voided": 0, "reason": "Sửa lỗi chính tả"}),
        ("ceremony.opened", {}),
        ("ceremony.sealed", {"missing": 0}),
    ]
    assert {(actor, ip) for _a, actor, ip, _d in _rows(conference)} == {
        (chair_meta.user.pk, "10.0.0.1")
    }


def test_covenant_update_without_a_change_records_nothing(clean_log, conference, chair_meta):
    covenant_update(ceremony=clean_log, title=clean_log.covenant.title, meta=chair_meta)
    assert _rows(conference) == []
