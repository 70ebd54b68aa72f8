"""Identity follows the person; declining needs a reason and tells the
liaison; withdrawing respects the deadline (issue #10, items 5 and 12)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Registration, RegistrationStatus, RetiredCode, StaffRole
from events.services.checkin import checkin_list_main, checkin_perform
from events.services.registrations import (
    policy_update,
    registration_decline,
    registration_set_status,
    registration_update,
    registration_withdraw,
)
from tests.factories import MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _scan(registration, code, nonce="n-1"):
    conference = registration.conference
    return checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=code,
        nonce=nonce,
    )


@pytest.fixture
def approved(conference):
    user = UserFactory(email="an.nguyen@bac-kan.example")
    return RegistrationFactory(
        conference=conference, full_name="Nguyễn Văn An", email=user.email, user=user
    )


# --- Item 12: editing into a different person --------------------------------------


def test_registration_update_to_another_name_takes_back_approval_and_pass(approved):
    old_code = approved.code
    registration_update(registration=approved, given_name="Bình")
    approved.refresh_from_db()
    assert (approved.status, approved.user_id) == (RegistrationStatus.PENDING, None)
    assert approved.code != old_code
    assert RetiredCode.objects.filter(code=old_code, registration=approved).exists()
    assert _scan(approved, old_code).result == "revoked"


def test_registration_update_to_another_email_takes_back_approval_and_pass(approved):
    old_code = approved.code
    registration_update(registration=approved, email="someone.else@example.org")
    approved.refresh_from_db()
    assert (approved.status, approved.user_id) == (RegistrationStatus.PENDING, None)
    assert approved.code != old_code


@pytest.mark.parametrize(
    "changes",
    [
        {"given_name": "an"},  # case
        {"family_name": "Nguyen"},  # diacritics added or removed
        {"middle_name": "Va\u0306n"},  # another Unicode form of the same name
        {"family_name": "  Nguyễn  "},  # spacing
        {"email": "AN.NGUYEN@BAC-KAN.EXAMPLE"},  # email case
        {"title": "Phó Giám đốc", "phone": "0912 345 678"},  # not the identity
    ],
    ids=["case", "diacritics", "unicode-form", "spacing", "email-case", "other-fields"],
)
def test_registration_update_correcting_the_same_person_keeps_approval_and_pass(approved, changes):
    old_code, old_user = approved.code, approved.user_id
    registration_update(registration=approved, **changes)
    approved.refresh_from_db()
    assert (approved.status, approved.code, approved.user_id) == (
        RegistrationStatus.APPROVED,
        old_code,
        old_user,
    )


def test_registration_update_removing_the_email_keeps_approval(approved):
    old_code = approved.code
    registration_update(registration=approved, email="")
    approved.refresh_from_db()
    assert (approved.status, approved.code) == (RegistrationStatus.APPROVED, old_code)


# --- Item 5: declining needs a reason and tells the liaison ---------------------------


def test_registration_decline_without_a_reason_is_refused(approved):
    with pytest.raises(ValidationError) as excinfo:
        registration_decline(registration=approved, reason="   ")
    assert excinfo.value.error_dict["reason"][0].code == "reason_required"
    approved.refresh_from_db()
    assert approved.status == RegistrationStatus.APPROVED


def test_registration_decline_with_an_overlong_reason_is_refused(approved):
    with pytest.raises(ValidationError) as excinfo:
        registration_decline(registration=approved, reason="x" * 501)
    assert excinfo.value.error_dict["reason"][0].code == "reason_too_long"
    approved.refresh_from_db()
    assert (approved.status, approved.decline_reason) == (RegistrationStatus.APPROVED, "")


def test_registration_set_status_declined_without_a_reason_is_refused(approved):
    with pytest.raises(ValidationError):
        registration_set_status(registration=approved, status=RegistrationStatus.DECLINED)
    approved.refresh_from_db()
    assert approved.status == RegistrationStatus.APPROVED


def test_registration_decline_stores_the_reason_and_emails_the_liaison_on_commit(
    approved, django_capture_on_commit_callbacks
):
    conference = approved.conference
    liaison = MembershipFactory(
        conference=conference,
        role=StaffRole.LIAISON,
        unit=approved.unit,
        user=UserFactory(email="lienlac@bac-kan.example"),
    ).user
    MembershipFactory(  # the liaison of another unit hears nothing
        conference=conference,
        role=StaffRole.LIAISON,
        unit=conference.term.deputy,
        user=UserFactory(email="lienlac@other.example"),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_decline(registration=approved, reason="Đơn vị đã đủ  số lượng")
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    approved.refresh_from_db()
    assert (approved.status, approved.decline_reason) == (
        RegistrationStatus.DECLINED,
        "Đơn vị đã đủ số lượng",
    )
    assert [m.to for m in mail.outbox] == [[liaison.email]]
    assert "Nguyễn Văn An" in mail.outbox[0].subject
    assert "Đơn vị đã đủ số lượng" in mail.outbox[0].body
    assert f"/c/{conference.slug}/unit/{approved.unit_id}/" in mail.outbox[0].body


def test_registration_approved_again_forgets_the_decline_reason(approved):
    registration_decline(registration=approved, reason="Trùng người")
    registration_set_status(registration=approved, status=RegistrationStatus.APPROVED)
    approved.refresh_from_db()
    assert (approved.status, approved.decline_reason) == (RegistrationStatus.APPROVED, "")


def test_registration_withdraw_by_a_liaison_after_the_deadline_is_refused(approved):
    policy_update(conference=approved.conference, deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        registration_withdraw(registration=approved, by_liaison=True)
    assert excinfo.value.code == "deadline_passed"
    registration_withdraw(registration=approved, by_liaison=False)
    approved.refresh_from_db()
    assert approved.status == RegistrationStatus.CANCELLED


def test_registration_update_from_a_stale_copy_keeps_an_approval_made_since(conference):
    registration = RegistrationFactory(
        conference=conference, full_name="Phạm Thị Lan", status="pending"
    )
    stale = Registration.objects.get(pk=registration.pk)  # an edit form opened earlier
    registration_set_status(registration=registration, status="approved", notify=False)
    registration_update(registration=stale, title="Chuyên viên chính")
    registration.refresh_from_db()
    assert (registration.status, registration.title) == ("approved", "Chuyên viên chính")


def test_registration_update_from_a_stale_copy_takes_back_an_approval_made_since(conference):
    registration = RegistrationFactory(
        conference=conference, full_name="Phạm Thị Lan", status="pending"
    )
    stale = Registration.objects.get(pk=registration.pk)
    registration_set_status(registration=registration, status="approved", notify=False)
    old_code = Registration.objects.get(pk=registration.pk).code
    registration_update(registration=stale, given_name="Hoa")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING
    assert RetiredCode.objects.filter(code=old_code).exists()
