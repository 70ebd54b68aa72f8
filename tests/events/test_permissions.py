import pytest

from events import permissions
from events.models import ConferenceStatus, StaffRole
from tests.factories import ConferenceFactory, MembershipFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False


def _user_with(conference, role, **kwargs):
    return MembershipFactory(conference=conference, role=role, **kwargs).user


def test_organizer_manages_only_their_conference(conference):
    organizer = _user_with(conference, StaffRole.ORGANIZER)
    other = ConferenceFactory()
    assert permissions.can_manage_conference(organizer, conference)
    assert not permissions.can_manage_conference(organizer, other)


def test_chair_chairs_but_does_not_manage(conference):
    chair = _user_with(conference, StaffRole.CHAIR)
    assert permissions.can_chair(chair, conference)
    assert not permissions.can_manage_conference(chair, conference)
    assert not permissions.can_check_in(chair, conference)


def test_checkin_staff_checks_in_but_does_not_manage_or_chair(conference):
    staff = _user_with(conference, StaffRole.CHECKIN)
    assert permissions.can_check_in(staff, conference)
    assert not permissions.can_manage_conference(staff, conference)
    assert not permissions.can_chair(staff, conference)


def test_liaison_speaks_only_for_their_unit(conference):
    chair_unit, deputy_unit = conference.term.chair, conference.term.deputy
    liaison = _user_with(conference, StaffRole.LIAISON, unit=chair_unit)
    assert permissions.can_register_for_unit(liaison, conference, chair_unit.pk)
    assert not permissions.can_register_for_unit(liaison, conference, deputy_unit.pk)
    assert not permissions.can_manage_registrations(liaison, conference)


def test_site_admin_manages_every_conference(conference, site_admin):
    assert permissions.can_manage_conference(site_admin, conference)
    assert permissions.roles_user_may_invite(site_admin, conference) == [
        "organizer",
        "chair",
        "checkin",
        "liaison",
    ]


def test_organizers_invite_everyone_but_other_organizers(conference):
    organizer = _user_with(conference, StaffRole.ORGANIZER)
    assert permissions.roles_user_may_invite(organizer, conference) == [
        "chair",
        "checkin",
        "liaison",
    ]
    assert permissions.roles_user_may_invite(UserFactory(), conference) == []


def test_public_conference_is_visible_to_anyone():
    conference = ConferenceFactory(is_public=True)
    assert permissions.can_view_conference(Anonymous(), conference)


def test_unlisted_conference_is_visible_to_its_people_only(conference):
    delegate = UserFactory()
    RegistrationFactory(conference=conference, user=delegate)
    assert permissions.can_view_conference(delegate, conference)
    assert not permissions.can_view_conference(UserFactory(), conference)
    assert not permissions.can_view_conference(Anonymous(), conference)


def test_draft_conference_is_hidden_even_from_its_chair():
    conference = ConferenceFactory(status=ConferenceStatus.DRAFT, is_public=True)
    chair = _user_with(conference, StaffRole.CHAIR)
    organizer = _user_with(conference, StaffRole.ORGANIZER)
    assert not permissions.can_view_conference(chair, conference)
    assert permissions.can_view_conference(organizer, conference)


def test_delegate_registered_by_email_sees_the_unlisted_conference(conference):
    delegate = UserFactory(email="an.nguyen@bac-kan.example")
    RegistrationFactory(conference=conference, email="An.Nguyen@bac-kan.example")
    assert permissions.can_view_conference(delegate, conference)
    assert permissions.is_registered(delegate, conference)
