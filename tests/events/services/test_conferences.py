"""Default data of a new conference is in the site's language, whatever the
language of the organizer's pages."""

import pytest
from django.utils import translation

from events.services.checkin import checkin_list_main
from events.services.conferences import roles_create_defaults
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_default_roles_are_named_in_vietnamese_for_an_english_speaking_organizer():
    conference = ConferenceFactory()
    conference.roles.all().delete()

    with translation.override("en"):
        roles = roles_create_defaults(conference=conference)

    names = {role.code: role.name for role in roles}
    assert names["office-leader"] == "Lãnh đạo Văn phòng"


def test_main_entrance_is_named_in_vietnamese_for_an_english_speaking_organizer():
    conference = ConferenceFactory()

    with translation.override("en"):
        entrance = checkin_list_main(conference=conference)

    assert entrance.name == "Cửa chính"
