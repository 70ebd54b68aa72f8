"""Public pages are rate limited per client IP, keyed behind the trusted
proxies; a spoofed X-Forwarded-For dodges nothing (issue #10, item 15)."""

import pytest
from django.core.cache import cache
from django.test import Client

from events.models import StaffRole
from tests.factories import RegistrationFactory


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    cache.clear()
    # Per hour: a test never straddles a window.
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "pass": "3/h", "agenda_pdf": "1/h"}
    yield
    cache.clear()


@pytest.fixture
def pass_url(db):
    return f"/pass/{RegistrationFactory().code}/"


def visit(url: str, remote_addr: str = "10.0.0.2", forwarded_for: str | None = None):
    client = Client(REMOTE_ADDR=remote_addr)
    client.cookies["django_language"] = "en"
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.get(url, **extra)


def test_pass_page_over_the_limit_answers_429_page(pass_url, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    served = [visit(pass_url, "203.0.113.7").status_code for _ in range(3)]

    limited = visit(pass_url, "203.0.113.7")

    assert served == [200, 200, 200]
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("text/html")
    assert "Too many requests" in limited.content.decode()


def test_pass_page_limit_counts_unknown_codes_too(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    guesses = [visit(f"/pass/guess{n}/", "203.0.113.7").status_code for n in range(4)]

    assert guesses == [404, 404, 404, 429]


def test_pass_page_behind_one_proxy_limits_each_client_apart(pass_url, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        visit(pass_url, "10.0.0.2", "198.51.100.20")

    same_client = visit(pass_url, "10.0.0.2", "198.51.100.20")
    other_client = visit(pass_url, "10.0.0.2", "198.51.100.30")
    same_client_spoofing = visit(pass_url, "10.0.0.2", "1.1.1.1, 198.51.100.20")

    assert (same_client.status_code, other_client.status_code) == (429, 200)
    assert same_client_spoofing.status_code == 429


def test_pass_page_without_proxy_ignores_forwarded_for(pass_url, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        visit(pass_url, "203.0.113.7", f"198.51.100.{n}")

    spoofed = visit(pass_url, "203.0.113.7", "198.51.100.99")

    assert spoofed.status_code == 429


def test_agenda_pdf_over_the_limit_answers_429(conference, make_member, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client, _user = make_member(conference, StaffRole.CHAIR)
    url = f"/c/{conference.slug}/agenda.pdf"

    first = client.get(url, REMOTE_ADDR="203.0.113.7")
    second = client.get(url, REMOTE_ADDR="203.0.113.7")
    elsewhere = client.get(url, REMOTE_ADDR="203.0.113.8")

    assert (first["Content-Type"], second.status_code) == ("application/pdf", 429)
    assert elsewhere["Content-Type"] == "application/pdf"


def test_pass_page_limit_page_is_vietnamese_by_default(pass_url, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        client.get(pass_url)

    limited = client.get(pass_url)

    assert limited.status_code == 429
    assert "Quá nhiều yêu cầu" in limited.content.decode()
