"""The activity log: each organizer action, done through its service, leaves
exactly one row saying who, what, on which object and from where."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import ActivityLog, RegistrationStatus, StaffRole
from events.services.activity import ActivityMeta, activity_record
from events.services.checkin_setup import device_create, device_pair, device_revoke
from events.services.imports import import_parse, import_run
from events.services.registrations import (
    policy_update,
    registration_approve,
    registration_decline,
    registrations_bulk_approve,
)
from events.services.staff import staff_invite, staff_remove
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    return UserFactory(email="tochuc@hoinghi.example")


@pytest.fixture
def meta(organizer):
    return ActivityMeta(user=organizer, ip="203.0.113.7")


def _rows(conference):
    return list(
        ActivityLog.objects.filter(conference=conference)
        .order_by("pk")
        .values_list("action", "actor__email", "object_label", "ip", "data")
    )


def test_activity_record_stores_code_not_translated_text_and_labels_in_viewer_language(
    conference, meta
):
    entry = activity_record(
        conference=conference, action="registrations.imported", data={"rows": 3}, meta=meta
    )
    entry.refresh_from_db()
    assert entry.action == "registrations.imported"
    with translation.override("en"):
        assert entry.action_label == "Imported registrations"
    with translation.override("vi"):
        assert entry.action_label != "Imported registrations"
    assert entry.actor_email == "tochuc@hoinghi.example"


def test_activity_record_without_meta_or_actor_is_the_system(conference):
    entry = activity_record(conference=conference, action="registrations.imported")
    assert (entry.actor, entry.actor_email, entry.ip) == (None, "", None)


def test_registration_approve_records_who_what_and_from_where(conference, meta):
    registration = RegistrationFactory(conference=conference, status="pending")
    registration_approve(registration=registration, meta=meta, notify=False)
    assert _rows(conference) == [
        ("registration.approved", "tochuc@hoinghi.example", "Nguyễn Văn An", "203.0.113.7", {})
    ]
    entry = ActivityLog.objects.get(conference=conference)
    assert (entry.object_type, entry.object_id) == ("registration", registration.pk)


def test_registration_decline_records_one_row(conference, meta):
    registration = RegistrationFactory(conference=conference, status="pending")
    registration_decline(registration=registration, reason="Trùng người", meta=meta)
    assert _rows(conference) == [
        (
            "registration.declined",
            "tochuc@hoinghi.example",
            "Nguyễn Văn An",
            "203.0.113.7",
            {"reason": "Trùng người"},
        )
    ]


def test_registration_same_status_again_records_nothing(conference, meta):
    registration = RegistrationFactory(conference=conference, status="approved")
    registration_approve(registration=registration, meta=meta)
    assert _rows(conference) == []


def test_registration_approve_refused_by_quota_records_nothing(conference, meta):
    role = conference.roles.get(code="specialist")
    policy_update(conference=conference, role_quotas={role.pk: 1})
    ActivityLog.objects.all().delete()
    RegistrationFactory(conference=conference, full_name="Trần Văn Bình")
    second = RegistrationFactory(conference=conference, status="declined")
    with pytest.raises(ValidationError):
        registration_approve(registration=second, meta=meta)
    assert _rows(conference) == []


def test_registrations_bulk_approve_records_each_and_a_summary(conference, meta):
    a = RegistrationFactory(conference=conference, full_name="Trần Văn An", status="pending")
    b = RegistrationFactory(conference=conference, full_name="Lê Thị Bình", status="pending")
    registrations_bulk_approve(conference=conference, ids=[a.pk, b.pk], meta=meta, notify=False)
    rows = _rows(conference)
    assert sorted(row[2] for row in rows[:2]) == ["Lê Thị Bình", "Trần Văn An"]
    assert {row[0] for row in rows[:2]} == {"registration.approved"}
    assert rows[2] == (
        "registrations.bulk_approved",
        "tochuc@hoinghi.example",
        "",
        "203.0.113.7",
        {"approved": 2, "refused": 0},
    )
    assert len(rows) == 3


def test_import_committed_records_the_number_of_rows(conference, organizer):
    unit = conference.term.chair.short_name
    data = (
        "Họ và tên,Chức vụ,Đơn vị,Vai trò\n"
        f"Nguyễn Văn An,Chuyên viên,{unit},specialist\n"
        f"Trần Thị Bình,Chuyên viên,{unit},specialist\n"
    ).encode()
    rows = import_parse(data=data, filename="ds.csv")
    import_run(conference=conference, rows=rows, commit=False, created_by=organizer)
    assert _rows(conference) == []  # a preview is not an action
    import_run(conference=conference, rows=rows, commit=True, created_by=organizer)
    assert _rows(conference) == [
        (
            "registrations.imported",
            "tochuc@hoinghi.example",
            "",
            None,
            {"rows": 2, "approved": False},
        )
    ]


def test_staff_invite_records_email_and_role(conference, organizer, meta):
    staff_invite(
        conference=conference,
        email="checkin@hoinghi.example",
        role=StaffRole.CHECKIN,
        invited_by=organizer,
        send_email=False,
        meta=meta,
    )
    assert _rows(conference) == [
        (
            "staff.invited",
            "tochuc@hoinghi.example",
            "checkin@hoinghi.example",
            "203.0.113.7",
            {"email": "checkin@hoinghi.example", "role": "checkin", "unit": None},
        )
    ]
    with translation.override("en"):
        assert ActivityLog.objects.get().role_label == "Check-in staff"


def test_staff_invite_of_an_existing_member_records_nothing(conference, organizer, meta):
    membership = MembershipFactory(conference=conference, role=StaffRole.CHAIR)
    staff_invite(
        conference=conference,
        email=membership.user.email,
        role=StaffRole.CHAIR,
        invited_by=organizer,
        send_email=False,
        meta=meta,
    )
    assert _rows(conference) == []


def test_staff_remove_records_who_was_removed(conference, meta):
    membership = MembershipFactory(
        conference=conference, role=StaffRole.CHAIR, user=UserFactory(email="chutri@x.example")
    )
    staff_remove(membership=membership, meta=meta)
    assert _rows(conference) == [
        (
            "staff.removed",
            "tochuc@hoinghi.example",
            "chutri@x.example",
            "203.0.113.7",
            {"email": "chutri@x.example", "role": "chair"},
        )
    ]


def test_device_create_pair_revoke_each_record_one_row(conference, organizer, meta):
    device = device_create(conference=conference, name="Cửa A", created_by=organizer, meta=meta)
    phone = ActivityMeta(ip="198.51.100.4")
    device_pair(pairing_secret=device.pairing_secret, meta=phone)
    device_revoke(device=device, meta=meta)
    assert [row[:4] for row in _rows(conference)] == [
        ("device.created", "tochuc@hoinghi.example", "Cửa A", "203.0.113.7"),
        ("device.paired", None, "Cửa A", "198.51.100.4"),
        ("device.revoked", "tochuc@hoinghi.example", "Cửa A", "203.0.113.7"),
    ]


def test_device_pair_with_a_wrong_secret_records_nothing(conference):
    assert device_pair(pairing_secret="x" * 30) is None
    assert ActivityLog.objects.count() == 0


def test_policy_update_records_old_and_new_quotas(conference, meta):
    role = conference.roles.get(code="specialist")
    unit = conference.term.chair
    policy_update(conference=conference, unit_quota=5)
    ActivityLog.objects.all().delete()
    policy_update(
        conference=conference,
        unit_quota=7,
        role_quotas={role.pk: 2},
        unit_quotas={unit.pk: 9},
        meta=meta,
    )
    (row,) = _rows(conference)
    assert row[:2] == ("policy.updated", "tochuc@hoinghi.example")
    assert row[4] == {
        "unit_quota": [5, 7],
        "role:specialist": [None, 2],
        f"unit:{unit.short_name}": [None, 9],
    }


def test_policy_update_without_a_change_records_nothing(conference, meta):
    policy_update(conference=conference, unit_quota=5)
    ActivityLog.objects.all().delete()
    policy_update(conference=conference, unit_quota=5, meta=meta)
    assert _rows(conference) == []


def test_activity_rows_never_mix_conferences(conference, meta):
    other = ConferenceFactory()
    registration = RegistrationFactory(conference=other, status="pending")
    registration_approve(registration=registration, meta=meta, notify=False)
    assert _rows(conference) == []
    assert [row[0] for row in _rows(other)] == ["registration.approved"]


def test_registration_status_rolled_back_leaves_no_row(conference, meta):
    from django.db import transaction

    registration = RegistrationFactory(conference=conference, status="pending")
    with pytest.raises(RuntimeError), transaction.atomic():
        registration_approve(registration=registration, meta=meta, notify=False)
        raise RuntimeError
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert _rows(conference) == []


def test_policy_update_same_deadline_in_another_time_zone_records_nothing(conference, meta):
    from datetime import UTC, datetime, timedelta, timezone

    deadline = datetime(2026, 3, 13, 10, 0, tzinfo=UTC)
    policy_update(conference=conference, deadline=deadline)
    ActivityLog.objects.all().delete()
    same = deadline.astimezone(timezone(timedelta(hours=7)))
    policy_update(conference=conference, deadline=same, meta=meta)
    assert _rows(conference) == []
