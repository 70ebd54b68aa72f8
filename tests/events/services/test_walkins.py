"""Walk-ins at the door: guests and replacements, approval, quotas, audit."""

import pytest

from core.errors import DomainError
from events.models import ActivityLog, Checkin, CheckinMethod, RegistrationStatus, WalkIn
from events.services.activity import ActivityMeta
from events.services.checkin import checkin_list_main, checkin_perform
from events.services.registrations import policy_update
from events.services.walkins import walkin_approve, walkin_decline, walkin_request
from tests.factories import MembershipFactory, RegistrationFactory

GUEST = {"family_name": "Đỗ", "middle_name": "Thị", "given_name": "Hoa", "title": "Chuyên viên"}


@pytest.fixture
def absent(db):
    """An approved director of the chair unit who has not arrived."""
    return RegistrationFactory(full_name="Lê Văn Hội", role_code="director", title="Giám đốc")


def _request(conference, *, approve, kind="guest", replaces=None, person=None, meta=None):
    return walkin_request(
        conference=conference,
        kind=kind,
        person=person or {**GUEST, "organization": "Bộ Nội vụ"},
        role=conference.roles.get(code="guest") if kind == "guest" else None,
        replaces=replaces,
        checkin_list=checkin_list_main(conference=conference),
        approve=approve,
        meta=meta,
    )


def test_guest_waits_for_an_organizer_then_is_admitted_on_approval(absent):
    conference = absent.conference
    staff = MembershipFactory(conference=conference, role="checkin").user
    organizer = MembershipFactory(conference=conference, role="organizer").user

    walkin = _request(conference, approve=False, meta=ActivityMeta(user=staff))

    assert (walkin.status, walkin.registration, walkin.full_name) == ("pending", None, "Đỗ Thị Hoa")
    assert conference.registrations.count() == 1  # nothing registered yet

    walkin = walkin_approve(walkin=walkin, meta=ActivityMeta(user=organizer))

    registration = walkin.registration
    assert (registration.full_name, registration.organization, registration.status) == (
        "Đỗ Thị Hoa",
        "Bộ Nội vụ",
        RegistrationStatus.APPROVED,
    )
    checkin = Checkin.objects.get(registration=registration)
    assert (checkin.method, checkin.user, checkin.annulled_at) == (
        CheckinMethod.MANUAL,
        organizer,
        None,
    )
    actions = list(
        ActivityLog.objects.filter(action__startswith="walkin.")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [("walkin.requested", staff.pk), ("walkin.approved", organizer.pk)]


def test_approving_twice_registers_and_admits_once(absent):
    walkin = _request(absent.conference, approve=False)

    walkin_approve(walkin=walkin)
    again = walkin_approve(walkin=walkin)

    assert again.registration_id is not None
    assert absent.conference.registrations.filter(given_name="Hoa").count() == 1
    assert Checkin.objects.filter(registration=again.registration).count() == 1


def test_approved_at_once_when_the_caller_may_approve(absent):
    walkin = _request(absent.conference, approve=True)

    assert walkin.status == "approved"
    assert walkin.registration.checkins.filter(annulled_at__isnull=True).count() == 1


def test_replacement_takes_the_absent_delegates_place_within_a_full_quota(absent):
    conference = absent.conference
    policy_update(conference=conference, unit_quota=1)

    walkin = _request(
        conference,
        approve=True,
        kind="replacement",
        replaces=absent,
        person={"family_name": "Phạm", "given_name": "Nam", "title": "Phó Giám đốc"},
    )

    absent.refresh_from_db()
    new = walkin.registration
    assert absent.status == RegistrationStatus.CANCELLED
    assert (new.unit, new.role, new.title, new.status) == (
        absent.unit,
        absent.role,
        "Phó Giám đốc",
        RegistrationStatus.APPROVED,
    )
    assert new.checkins.count() == 1


def test_pending_replacement_keeps_the_absent_delegate_until_approved(absent):
    walkin = _request(
        absent.conference,
        approve=False,
        kind="replacement",
        replaces=absent,
        person={"given_name": "Nam", "family_name": "Phạm"},
    )

    absent.refresh_from_db()
    assert absent.status == RegistrationStatus.APPROVED
    walkin_decline(walkin=walkin)
    absent.refresh_from_db()
    assert absent.status == RegistrationStatus.APPROVED
    with pytest.raises(DomainError) as caught:
        walkin_approve(walkin=walkin)
    assert caught.value.code == "walkin_decided"


def test_a_present_delegate_cannot_be_replaced(absent):
    conference = absent.conference
    checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=absent.code,
        nonce="n-1",
    )

    with pytest.raises(DomainError) as caught:
        _request(conference, approve=True, kind="replacement", replaces=absent)

    assert caught.value.code == "walkin_replaced_present"
    assert WalkIn.objects.count() == 0
    absent.refresh_from_db()
    assert absent.status == RegistrationStatus.APPROVED


def test_delegate_who_arrives_before_approval_stops_the_replacement(absent):
    conference = absent.conference
    walkin = _request(
        conference, approve=False, kind="replacement", replaces=absent, person={"given_name": "Nam"}
    )
    checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=absent.code,
        nonce="n-1",
    )

    with pytest.raises(DomainError) as caught:
        walkin_approve(walkin=walkin)

    assert caught.value.code == "walkin_replaced_present"
    absent.refresh_from_db()
    walkin.refresh_from_db()
    assert (absent.status, walkin.status, walkin.registration) == ("approved", "pending", None)
    assert conference.registrations.count() == 1


def test_refused_registration_on_approval_rolls_the_replacement_back(absent):
    """All or nothing: the replaced delegate is cancelled only if the
    replacement is registered (here it duplicates a colleague of the unit)."""
    conference = absent.conference
    RegistrationFactory(conference=conference, full_name="Phạm Văn Nam", unit=absent.unit)
    walkin = _request(
        conference,
        approve=False,
        kind="replacement",
        replaces=absent,
        person={"family_name": "Phạm", "middle_name": "Văn", "given_name": "Nam"},
    )

    with pytest.raises(DomainError) as caught:
        walkin_approve(walkin=walkin)

    assert caught.value.code == "duplicate"
    absent.refresh_from_db()
    walkin.refresh_from_db()
    assert (absent.status, walkin.status) == ("approved", "pending")
    assert not ActivityLog.objects.filter(action="registration.cancelled").exists()


def test_guest_without_organisation_is_refused_at_the_door(absent):
    with pytest.raises(DomainError) as caught:
        _request(absent.conference, approve=True, person={"given_name": "Hoa"})

    assert caught.value.code == "no_affiliation"
    assert WalkIn.objects.count() == 0
