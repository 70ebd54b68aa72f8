"""The scan's plain-SQL reads and writes build whole-or-deferred instances."""

import pytest

from events.models import (
    Checkin,
    CheckinRefusal,
    Conference,
    ConferenceStatus,
    Registration,
)
from events.models.checkin import CheckinMethod
from events.selectors import scan
from events.services import checkin_sql
from events.services.checkin import checkin_annul, checkin_list_main, checkin_perform
from events.services.checkin_setup import device_issue_token, hash_device_token
from tests.factories import RegistrationFactory


@pytest.fixture
def delegate(db):
    return RegistrationFactory(
        full_name="Nông Thị Hạnh", role_code="office-leader", email="hanh@example.vn"
    )


@pytest.fixture
def device(delegate):
    _device, token = device_issue_token(conference=delegate.conference, name="Cổng 1")
    return scan.device_by_token_hash(hash_device_token(token))


def test_device_conference_reads_its_real_status(device):
    # A hand-built Conference used to report the default, DRAFT.
    assert device.conference.status == ConferenceStatus.PUBLISHED


def test_device_conference_save_keeps_the_fields_not_loaded(device, delegate):
    device.conference.title = "Hội nghị sơ kết"
    device.conference.save()

    saved = Conference.objects.get(pk=delegate.conference_id)
    assert (saved.title, saved.status, saved.venue) == (
        "Hội nghị sơ kết",
        ConferenceStatus.PUBLISHED,
        delegate.conference.venue,
    )


def test_device_unloaded_fields_are_deferred(device):
    assert "created_at" in device.get_deferred_fields()
    assert "status" in device.conference.get_deferred_fields()
    assert device.checkin_list.get_deferred_fields() == {"created_at"}


def test_registration_by_code_loads_the_email_it_did_not_select(delegate):
    found = scan.registration_by_code(delegate.code)

    assert "email" in found.get_deferred_fields()
    assert found.email == "hanh@example.vn"
    assert found.role.may_sign == delegate.role.may_sign


def test_registration_by_code_save_keeps_the_email(delegate):
    found = scan.registration_by_code(delegate.code)
    found.title = "Chánh Văn phòng"
    found.save()

    saved = Registration.objects.get(pk=delegate.pk)
    assert (saved.title, saved.email) == ("Chánh Văn phòng", "hanh@example.vn")


def _concrete(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


@pytest.mark.parametrize(
    "columns", [scan.DEVICE_COLUMNS, scan.REGISTRATION_COLUMNS, checkin_sql.CONFLICT_COLUMNS]
)
def test_scan_select_lists_name_real_fields(columns):
    for model, _alias, names in columns:
        assert set(names) <= set(_concrete(model)), model.__name__
        assert "id" in names, model.__name__


def test_scan_insert_lists_cover_every_column():
    # A new column on either table must be added to the raw INSERT too.
    assert list(checkin_sql.CHECKIN_INSERT_COLUMNS) == _concrete(Checkin)[1:]
    assert sorted(checkin_sql.REFUSAL_INSERT_COLUMNS) == sorted(_concrete(CheckinRefusal)[1:])


def test_checkin_conflicts_report_an_annulment_they_did_not_select(delegate):
    conference = delegate.conference
    result = checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=delegate.code,
        nonce="n-1",
        method=CheckinMethod.MANUAL,
    )
    checkin_annul(checkin=result.checkin)

    (found,) = checkin_sql.checkin_conflicts(
        checkin_list_id=result.checkin.checkin_list_id, nonce="n-1", registration_id=delegate.pk
    )

    assert found.annulled_at is not None
