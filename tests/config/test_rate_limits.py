"""allauth's login-by-code limits and the one trusted-proxy setting (item 15)."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.config.test_settings import _run
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_login_code_requests_for_one_address_stop_after_three(db):
    user = UserFactory(email="lien@hoinghi.example")

    def ask_from_a_new_browser(n: int):
        client = Client(REMOTE_ADDR=f"203.0.113.{n}")
        client.cookies["django_language"] = "en"
        return client.post("/accounts/login/code/", {"email": user.email})

    answers = [ask_from_a_new_browser(n) for n in range(4)]

    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert answers[3].status_code == 200
    assert "Too many failed login attempts" in answers[3].content.decode()


def test_login_codes_for_a_venue_behind_one_address_are_not_refused(db):
    """A venue's Wi-Fi puts every delegate behind one public address."""
    users = [UserFactory(email=f"delegate{n}@hoinghi.example") for n in range(25)]

    def ask(user):
        client = Client(REMOTE_ADDR="203.0.113.50")
        return client.post("/accounts/login/code/", {"email": user.email})

    answers = [ask(user).status_code for user in users]

    assert answers == [302] * 25


def test_trusted_proxy_count_feeds_allauth_and_ratelimit():
    script = (
        "from django.conf import settings as s;"
        "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, s.RATELIMIT_IP_META_KEY)"
    )
    result = _run(
        ["shell", "--no-imports", "-c", script], DJANGO_DEBUG="1", DJANGO_TRUSTED_PROXY_COUNT="2"
    )

    assert result.stdout.split() == ["2", "2", "core.http.client_ip_for_limits"]
