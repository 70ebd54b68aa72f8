"""The self check-in entrance screen as a paired display, not a staff session."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.checkin_tokens import self_checkin_token_read
from events.models import Checkin, EntranceDisplay, StaffRole
from events.services.checkin_self import entrance_display_create, entrance_display_revoke
from events.views.self_checkin import DISPLAY_COOKIE
from tests.factories import RegistrationFactory, UserFactory


@pytest.fixture
def delegate(db):
    return RegistrationFactory(
        full_name="Ma Văn Tùng", title="Phó Chánh Văn phòng", email="tung@example.org"
    )


@pytest.fixture
def conference(delegate):
    return delegate.conference


@pytest.fixture
def organizer(make_member, conference):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    return client


def _pairing_path(organizer, conference, name="Màn hình cửa chính"):
    created = organizer.post(
        reverse("events:entrance_display_create", args=[conference.slug]), {"name": name}
    )
    page = organizer.get(created["Location"]).content.decode()
    return re.search(r'data-testid="entrance-pairing-url">[^<]*(/entrance/pair/[^<]+)<', page)[1]


@pytest.fixture
def display(organizer, conference):
    screen = Client()
    screen.post(_pairing_path(organizer, conference))
    return screen


def test_entrance_display_for_an_unpaired_browser_shows_no_code(conference):
    response = Client().get(reverse("events:entrance_display"))

    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="entrance-unpaired"' in html
    assert "<svg" not in html and conference.title not in html
    assert Client().get(reverse("events:entrance_display_code")).status_code == 403


def test_entrance_page_of_a_logged_in_organizer_shows_no_check_in_code(organizer, conference):
    page = organizer.get(reverse("events:checkin_entrance", args=[conference.slug]))

    html = page.content.decode()
    assert "self-check-in/" not in html
    assert 'id="entrance-qr"' not in html
    assert organizer.get(reverse("events:entrance_display")).status_code == 403


def test_entrance_display_pairing_sets_a_strict_httponly_cookie_and_logs_out(
    organizer, conference, make_member
):
    path = _pairing_path(organizer, conference)
    screen, _user = make_member(conference, StaffRole.CHECKIN)

    response = screen.post(path)

    cookie = response.cookies[DISPLAY_COOKIE]
    assert response["Location"] == reverse("events:entrance_display")
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == (
        "/entrance/",
        True,
        "Strict",
    )
    assert "_auth_user_id" not in screen.session
    stored = EntranceDisplay.objects.get()
    assert stored.token_hash and cookie.value not in stored.token_hash
    assert screen.post(path).status_code == 400  # the code works once


def test_entrance_display_shows_a_code_a_delegate_checks_in_with(display, delegate, conference):
    page = display.get(reverse("events:entrance_display")).content.decode()
    code = display.get(reverse("events:entrance_display_code")).json()

    assert 'id="entrance-qr"' in page and "<svg" in page
    assert 'class="site-header"' not in page
    token = code["url"].rstrip("/").rsplit("/", 1)[-1]
    assert self_checkin_token_read(token) is not None
    phone = Client()
    phone.force_login(UserFactory(email=delegate.email))
    landing = phone.get(code["url"].split("testserver", 1)[-1])
    phone.post(landing.url, {"registration": delegate.pk})
    assert Checkin.objects.get().method == "self"


def test_entrance_display_revoked_shows_no_code(display, conference):
    entrance_display_revoke(display=EntranceDisplay.objects.get())

    page = display.get(reverse("events:entrance_display"))

    assert page.status_code == 403
    assert "<svg" not in page.content.decode()
    assert display.get(reverse("events:entrance_display_code")).status_code == 403


def test_entrance_display_token_cannot_scan(organizer, conference, delegate):
    path = _pairing_path(organizer, conference)
    token = Client().post(path).cookies[DISPLAY_COOKIE].value

    response = Client().post(
        reverse("events:api_checkin"),
        {"code": delegate.code, "nonce": "n-1"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert (response.status_code, response.json()["reason"]) == (401, "device_not_authorised")
    assert Checkin.objects.count() == 0


def test_entrance_setup_lists_displays_with_a_confirmed_revoke(display, organizer, conference):
    stored = EntranceDisplay.objects.get()

    html = organizer.get(reverse("events:checkin_entrance", args=[conference.slug])).content
    row = html.decode().split(f'data-entrance-display="{stored.pk}"', 1)[1].split("</tr>")[0]

    revoke = reverse("events:entrance_display_revoke", args=[conference.slug, stored.pk])
    assert stored.name in row
    assert re.search(rf'action="{revoke}"\s+data-confirm="[^"]+"', row)
    organizer.post(revoke)
    stored.refresh_from_db()
    assert stored.revoked_at is not None


def test_entrance_setup_is_closed_to_check_in_staff(make_member, conference):
    client, _user = make_member(conference, StaffRole.CHECKIN)
    stored = entrance_display_create(conference=conference, name="Màn hình")

    detail = client.get(
        reverse("events:entrance_display_detail", args=[conference.slug, stored.pk])
    )
    create = client.post(
        reverse("events:entrance_display_create", args=[conference.slug]), {"name": "X"}
    )

    assert (detail.status_code, create.status_code) == (403, 403)
    assert stored.pairing_secret not in detail.content.decode()
    assert EntranceDisplay.objects.count() == 1
