"""Session rules: organizers and site administrators must set up an
authenticator app; check-in-only accounts on shared phones time out when idle."""

import time

import pytest
from django.test import Client

from events.middleware import LAST_SEEN_KEY
from events.models import StaffRole
from events.services.users import user_get_or_create
from tests.events.test_accounts import _totp
from tests.factories import ConferenceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ORGANIZERS = True
    return settings


def _password_login(user, password) -> Client:
    user_get_or_create(email=user.email)  # primary email address, as invited users have
    user.emailaddress_set.update(verified=True)
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    return client


def _logged_in(client, role=None, **user_kwargs) -> tuple[Client, object]:
    user = UserFactory(**user_kwargs)
    if role is not None:
        MembershipFactory(user=user, role=role)
    client.force_login(user)
    return client, user


def test_organizer_without_totp_is_sent_to_the_setup_page_after_login(mfa_required, password):
    organizer = MembershipFactory(role=StaffRole.ORGANIZER).user
    client = _password_login(organizer, password)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, SETUP)
    # allauth asks for the password once more before adding an authenticator.
    assert client.get(SETUP)["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": password})
    page = client.get(SETUP)
    assert "Kích hoạt ứng dụng xác thực" in page.content.decode()


def test_existing_session_of_an_organizer_is_caught_on_its_next_request(mfa_required):
    client, _user = _logged_in(Client(), StaffRole.ORGANIZER)
    for url in ("/", "/back-office/", "/manage/clusters/"):
        response = client.get(url)
        assert (url, response.status_code, response.get("Location")) == (url, 302, SETUP)
    assert client.post("/manage/conferences/new/", {})["Location"] == SETUP


def test_organizer_is_served_once_totp_is_activated(mfa_required, password):
    organizer = MembershipFactory(role=StaffRole.ORGANIZER).user
    client = _password_login(organizer, password)
    assert client.get("/")["Location"] == SETUP
    client.post("/accounts/reauthenticate/", {"password": password})
    secret = client.get(SETUP).context["form"].secret
    client.post(SETUP, {"code": _totp(secret)})
    assert organizer.authenticator_set.filter(type="totp").exists()
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["user"] == organizer


def test_site_admin_without_totp_is_sent_to_the_setup_page(mfa_required):
    client, _user = _logged_in(Client(), is_superuser=True, is_staff=True)
    assert client.get("/")["Location"] == SETUP


@pytest.mark.parametrize("role", [StaffRole.LIAISON, StaffRole.CHAIR, StaffRole.CHECKIN, None])
def test_other_people_without_totp_are_not_forced(mfa_required, role):
    user = UserFactory()
    if role is not None:
        conference = ConferenceFactory()
        unit = conference.term.chair if role == StaffRole.LIAISON else None
        MembershipFactory(user=user, conference=conference, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["user"] == user


def test_organizer_without_totp_still_reaches_logout_language_and_api(mfa_required):
    client, _user = _logged_in(Client(), StaffRole.ORGANIZER)
    assert client.get("/api/v1/ping/").status_code == 200
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language.cookies["django_language"].value == "en"
    client.post("/accounts/logout/")
    assert client.get("/").context["user"].is_authenticated is False


def test_organizer_without_totp_still_gets_static_files(mfa_required):
    client, _user = _logged_in(Client(), StaffRole.ORGANIZER)
    static = client.get("/static/css/app.css")
    body = b"".join(static.streaming_content)
    static.close()
    assert body.startswith("/* Hội nghị".encode())


def test_mfa_rule_can_be_turned_off(settings):
    settings.MFA_REQUIRED_FOR_ORGANIZERS = False
    client, user = _logged_in(Client(), StaffRole.ORGANIZER)
    assert client.get("/").context["user"] == user


# --- Idle timeout of shared devices -------------------------------------------------


def _last_seen(client, seconds_ago: float) -> None:
    """A fake clock: the session says the last request was that long ago."""
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds_ago
    session.save()


def test_checkin_only_session_ends_after_the_idle_timeout(settings):
    settings.SHARED_DEVICE_IDLE_TIMEOUT = 30 * 60
    client, _user = _logged_in(Client(), StaffRole.CHECKIN)
    client.get("/")
    _last_seen(client, 31 * 60)
    response = client.get("/")
    assert response.context["user"].is_authenticated is False
    assert "30" in " ".join(str(m) for m in response.context["messages"])
    assert client.get("/").context["user"].is_authenticated is False


def test_checkin_only_session_within_the_timeout_stays_and_is_renewed(settings):
    settings.SHARED_DEVICE_IDLE_TIMEOUT = 30 * 60
    client, user = _logged_in(Client(), StaffRole.CHECKIN)
    _last_seen(client, 29 * 60)
    assert client.get("/").context["user"] == user
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_first_request_of_a_checkin_session_records_the_time(settings):
    client, _user = _logged_in(Client(), StaffRole.CHECKIN)
    client.get("/")
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


@pytest.mark.parametrize("roles", [[StaffRole.ORGANIZER], [StaffRole.CHECKIN, StaffRole.CHAIR], []])
def test_other_sessions_keep_the_normal_lifetime(settings, roles):
    settings.SHARED_DEVICE_IDLE_TIMEOUT = 30 * 60
    user = UserFactory()
    for role in roles:
        MembershipFactory(user=user, role=role)
    client = Client()
    client.force_login(user)
    _last_seen(client, 5 * 3600)
    assert client.get("/").context["user"] == user
