from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import RegistrationStatus
from events.services.registrations import (
    policy_update,
    registration_approve,
    registration_create,
    registration_reissue_code,
    registration_update,
    registrations_bulk_approve,
)
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _create(conference, given="An", **kwargs):
    kwargs.setdefault("unit", conference.term.chair)
    kwargs.setdefault("role", conference.roles.get(code=kwargs.pop("role_code", "specialist")))
    return registration_create(
        conference=conference, family_name="Nguyễn", middle_name="Văn", given_name=given, **kwargs
    )


def _codes(excinfo) -> list[str]:
    return (
        [e.code for e in excinfo.value.error_list]
        if hasattr(excinfo.value, "error_list")
        else [e.code for errors in excinfo.value.error_dict.values() for e in errors]
    )


def test_registration_create_stores_nfc_phone_gender_notes():
    conference = ConferenceFactory()
    r = _create(
        conference,
        given="Đ\u006f\u0302\u0300ng",  # NFD input
        phone="0912.345.678",
        gender="m",
        notes="Ăn chay",
    )
    assert (r.given_name, r.phone, r.salutation, r.notes) == (
        "Đồng",
        "0912345678",
        "Ông Nguyễn Văn Đồng",
        "Ăn chay",
    )


def test_registration_create_invalid_phone_is_refused():
    conference = ConferenceFactory()
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, phone="12ab")
    assert _codes(excinfo) == ["invalid_phone"]
    assert conference.registrations.count() == 0


def test_registration_create_invalid_email_is_refused():
    conference = ConferenceFactory()
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, email="not-an-email")
    assert list(excinfo.value.message_dict) == ["email"]


def test_registration_create_guest_without_unit_needs_organisation():
    conference = ConferenceFactory()
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, unit=None, role_code="guest")
    assert _codes(excinfo) == ["no_affiliation"]
    guest = _create(conference, unit=None, role_code="press", organization="Báo Nhân dân")
    assert (guest.unit, guest.affiliation) == (None, "Báo Nhân dân")


def test_registration_duplicate_same_email_is_flagged_not_created():
    conference = ConferenceFactory()
    first = _create(conference, given="An", email="an@example.vn")
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, given="Bình", email="AN@example.vn", unit=conference.term.deputy)
    assert _codes(excinfo) == ["duplicate"]
    assert conference.registrations.count() == 1
    kept = _create(
        conference,
        given="Bình",
        email="an@example.vn",
        allow_duplicate=True,
        unit=conference.term.deputy,
    )
    assert kept.duplicate_of == first


def test_registration_duplicate_same_folded_name_same_unit():
    conference = ConferenceFactory()
    _create(conference, given="Đông")
    with pytest.raises(ValidationError) as excinfo:
        registration_create(
            conference=conference,
            family_name="nguyen",
            middle_name="van",
            given_name="dong",
            unit=conference.term.chair,
            role=conference.roles.get(code="specialist"),
        )
    assert _codes(excinfo) == ["duplicate"]
    # The same name in another unit is another person.
    other = _create(conference, given="Đông", unit=conference.term.deputy)
    assert other.duplicate_of is None


def test_registration_unit_quota_refuses_the_extra_delegate():
    conference = ConferenceFactory()
    policy_update(conference=conference, unit_quota=2)
    _create(conference, given="An")
    _create(conference, given="Bình")
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, given="Cường")
    assert _codes(excinfo) == ["over_unit_quota"]
    # Press do not count toward the unit's places.
    _create(conference, given="Dũng", role_code="press")
    assert conference.registrations.count() == 3


def test_registration_role_quota_per_unit():
    conference = ConferenceFactory()
    director = conference.roles.get(code="director")
    policy_update(conference=conference, role_quotas={director.pk: 1})
    director.refresh_from_db()
    _create(conference, given="An", role=director)
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, given="Bình", role=director)
    assert _codes(excinfo) == ["over_role_quota"]
    assert _create(conference, given="Bình", role=director, unit=conference.term.deputy)


def test_registration_declined_frees_its_place():
    conference = ConferenceFactory()
    policy_update(conference=conference, unit_quota=1)
    first = _create(conference, given="An")
    first.status = RegistrationStatus.DECLINED
    first.save()
    assert _create(conference, given="Bình").status == RegistrationStatus.PENDING


def test_registration_liaison_after_deadline_is_refused_organizer_is_not():
    conference = ConferenceFactory()
    policy_update(conference=conference, deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as excinfo:
        _create(conference, by_liaison=True)
    assert _codes(excinfo) == ["deadline_passed"]
    assert _create(conference).status == RegistrationStatus.PENDING


def test_registration_liaison_auto_approve():
    conference = ConferenceFactory()
    policy_update(conference=conference, auto_approve=True)
    assert _create(conference, by_liaison=True).status == RegistrationStatus.APPROVED
    assert _create(conference, given="Bình").status == RegistrationStatus.PENDING


def test_registration_update_checks_duplicates_excluding_itself():
    conference = ConferenceFactory()
    r = _create(conference, given="An", email="an@example.vn")
    registration_update(registration=r, title="Chuyên viên", email="an@example.vn")
    r.refresh_from_db()
    assert r.title == "Chuyên viên"


def test_registration_approve_emails_the_pass(django_capture_on_commit_callbacks):
    conference = ConferenceFactory()
    r = _create(conference, email="an@example.vn", gender="m")
    with django_capture_on_commit_callbacks(execute=True):
        registration_approve(registration=r)
    r.refresh_from_db()
    assert r.status == RegistrationStatus.APPROVED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an@example.vn"]
    assert "Ông Nguyễn Văn An" in mail.outbox[0].body
    assert f"/c/{conference.slug}/pass/" in mail.outbox[0].body
    assert r.user.email == "an@example.vn"


def test_registrations_bulk_approve_stops_at_quota():
    conference = ConferenceFactory()
    people = [_create(conference, given=name) for name in ("An", "Bình", "Cường")]
    policy_update(conference=conference, unit_quota=3)
    approved, refused = registrations_bulk_approve(
        conference=conference, ids=[p.pk for p in people], notify=False
    )
    assert (len(approved), refused) == (3, [])


def test_registration_reissue_code_replaces_the_old_code():
    registration = RegistrationFactory()
    old = registration.code
    registration_reissue_code(registration=registration)
    registration.refresh_from_db()
    assert registration.code != old
    assert len(registration.code) == 32  # 192 bits, URL-safe base64
    assert not type(registration).objects.filter(code=old).exists()


def test_new_pass_code_never_starts_with_a_minus():
    # A spreadsheet reads a leading "-" as a formula; 1 in 64 random codes
    # had one, so 3,000 codes would hold about 47 of them.
    from events.checkin_tokens import parse_code
    from events.services.registrations import new_pass_code

    codes = [new_pass_code() for _ in range(3000)]
    assert [code for code in codes if code.startswith("-")] == []
    assert all(parse_code(code) == code for code in codes)  # still a valid 32-char code
    assert len(set(codes)) == 3000
