"""A liaison lands on their unit after login, can ask for a new code, and is
not offered the chair role."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from events.models import StaffRole
from events.services.registrations import registration_create
from tests.factories import PASSWORD, ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _login(user, **extra) -> str:
    client = Client()
    response = client.post(
        reverse("account_login") + extra.get("query", ""),
        {"login": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    return response["Location"]


def test_liaison_lands_on_their_unit_after_login(conference):
    unit = conference.term.deputy
    liaison = MembershipFactory(conference=conference, role=StaffRole.LIAISON, unit=unit).user
    assert _login(liaison) == reverse("events:liaison_unit", args=[conference.slug, unit.pk])


def test_liaison_login_with_next_goes_there(conference):
    liaison = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=conference.term.chair
    ).user
    target = reverse("events:conference_detail", args=[conference.slug])
    assert _login(liaison, query=f"?next={target}") == target


def test_liaison_of_two_conferences_lands_on_the_upcoming_one(conference):
    past = ConferenceFactory(starts_at=conference.starts_at.replace(year=2020))
    past.ends_at = past.starts_at.replace(hour=23)
    past.save()
    membership = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=conference.term.chair
    )
    MembershipFactory(
        conference=past, role=StaffRole.LIAISON, unit=past.term.chair, user=membership.user
    )
    assert _login(membership.user) == reverse(
        "events:liaison_unit", args=[conference.slug, conference.term.chair.pk]
    )


def test_organizer_who_is_also_a_liaison_lands_on_the_home_page(conference):
    membership = MembershipFactory(conference=conference, role=StaffRole.CHECKIN)
    MembershipFactory(
        conference=conference,
        role=StaffRole.LIAISON,
        unit=conference.term.chair,
        user=membership.user,
    )
    assert _login(membership.user) == reverse("events:home")


def test_login_code_page_offers_a_new_code(conference, settings):
    liaison = MembershipFactory(
        conference=conference, role=StaffRole.LIAISON, unit=conference.term.chair
    ).user
    client = Client()
    client.post(reverse("account_request_login_code"), {"email": liaison.email})
    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert 'form="resend"' in page
    assert "Yêu cầu mã mới" in page

    client.post(reverse("account_confirm_login_code"), {"action": "resend"})

    codes = [re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", m.body, re.M) for m in mail.outbox]
    assert len([c for c in codes if c]) == 2
    assert codes[0].group(1) != codes[1].group(1)


def test_liaison_is_not_offered_the_chair_role(conference, make_member):
    unit = conference.term.chair
    client, _user = make_member(conference, StaffRole.LIAISON, unit=unit)
    chair_role = conference.roles.get(code="chair")
    page = client.get(reverse("events:liaison_unit", args=[conference.slug, unit.pk])).content
    assert f'<option value="{chair_role.pk}"'.encode() not in page
    assert f'<option value="{conference.roles.get(code="director").pk}"'.encode() in page

    response = client.post(
        reverse("events:liaison_unit", args=[conference.slug, unit.pk]),
        {"full_name": "Trần Văn An", "role": chair_role.pk},
    )
    assert response.status_code == 400
    assert not conference.registrations.exists()


def test_organizer_on_a_unit_page_may_still_choose_the_chair(conference, make_member):
    unit = conference.term.chair
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    chair_role = conference.roles.get(code="chair")
    page = client.get(reverse("events:liaison_unit", args=[conference.slug, unit.pk])).content
    assert f'<option value="{chair_role.pk}"'.encode() in page


def test_registration_create_by_liaison_refuses_the_chair_role(conference):
    with pytest.raises(ValidationError) as excinfo:
        registration_create(
            conference=conference,
            given_name="An",
            unit=conference.term.chair,
            role=conference.roles.get(code="chair"),
            by_liaison=True,
        )
    assert excinfo.value.error_dict["role"][0].code == "chair_by_organizer"
