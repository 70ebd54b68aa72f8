"""The shared pairing mechanism of every paired device (core.pairing), on
one concrete model: the entrance display."""

import hashlib
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from core.pairing import (
    device_by_token,
    device_cookie_delete,
    device_cookie_read,
    device_cookie_set,
    last_seen_touch,
    pairing_consume,
    pairing_issue,
    pairing_pending,
    pairing_revoke,
)
from events.models import EntranceDisplay
from tests.factories import ConferenceFactory

PREFIX = "hnt_"


@pytest.fixture
def display(db):
    display = EntranceDisplay.objects.create(conference=ConferenceFactory(), name="Cửa chính")
    return pairing_issue(device=display)


def _pair(secret):
    return pairing_consume(model=EntranceDisplay, pairing_secret=secret, prefix=PREFIX)


def _find(token):
    return device_by_token(queryset=EntranceDisplay.objects.all(), token=token, prefix=PREFIX)


def test_pairing_secret_works_once(display):
    secret = display.pairing_secret

    first = _pair(secret)
    second = _pair(secret)

    paired, token = first
    assert paired.pk == display.pk
    assert token.startswith(PREFIX)
    assert second is None
    assert _find(token).pk == display.pk


def test_pairing_secret_pending_for_fifteen_minutes(display):
    lifetime = display.pairing_expires_at - timezone.now()

    assert pairing_pending(display) is True
    assert timedelta(minutes=14, seconds=58) < lifetime <= timedelta(minutes=15)


def test_pairing_secret_refused_when_expired(display):
    EntranceDisplay.objects.filter(pk=display.pk).update(
        pairing_expires_at=timezone.now() - timedelta(seconds=1)
    )
    display.refresh_from_db()

    assert pairing_pending(display) is False
    assert _pair(display.pairing_secret) is None
    display.refresh_from_db()
    assert display.token_hash == ""
    assert display.paired_at is None


def test_pairing_renewed_secret_replaces_old_one(display):
    old = display.pairing_secret

    pairing_issue(device=display)

    assert _pair(old) is None
    assert _pair(display.pairing_secret) is not None


def test_token_stored_only_as_its_sha256(display):
    _paired, token = _pair(display.pairing_secret)

    row = EntranceDisplay.objects.filter(pk=display.pk).values().get()

    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in row.values()]
    assert row["pairing_secret"] == ""
    assert row["pairing_expires_at"] is None


def test_pairing_again_stops_the_old_token(display):
    _paired, old_token = _pair(display.pairing_secret)
    pairing_issue(device=display)

    _paired, new_token = _pair(display.pairing_secret)

    assert _find(old_token) is None
    assert _find(new_token).pk == display.pk


def test_device_by_token_unknown_or_malformed_is_none(display):
    _pair(display.pairing_secret)

    assert _find(PREFIX + "x" * 43) is None
    assert _find("hnk_" + "x" * 43) is None  # another device kind's prefix
    assert _find(None) is None
    assert _find(PREFIX + "x" * 200) is None


def test_revoked_device_is_not_found(display):
    _paired, token = _pair(display.pairing_secret)

    pairing_revoke(device=display)

    assert _find(token) is None
    found = device_by_token(
        queryset=EntranceDisplay.objects.all(), token=token, prefix=PREFIX, include_revoked=True
    )
    assert found.pk == display.pk
    assert found.is_active is False


def test_revoked_device_pairing_secret_refused(display):
    secret = display.pairing_secret

    pairing_revoke(device=display)

    assert _pair(secret) is None
    display.refresh_from_db()
    assert display.pairing_secret == ""


def test_last_seen_written_at_most_once_a_minute(display, django_assert_num_queries):
    _paired, token = _pair(display.pairing_secret)
    half_a_minute_ago = timezone.now() - timedelta(seconds=30)
    EntranceDisplay.objects.filter(pk=display.pk).update(last_seen_at=half_a_minute_ago)
    device = _find(token)

    with django_assert_num_queries(0):
        last_seen_touch(device)

    device.refresh_from_db()
    assert device.last_seen_at == half_a_minute_ago
    EntranceDisplay.objects.filter(pk=display.pk).update(
        last_seen_at=timezone.now() - timedelta(seconds=61)
    )
    device.refresh_from_db()

    with django_assert_num_queries(1):
        last_seen_touch(device)

    device.refresh_from_db()
    assert timezone.now() - device.last_seen_at < timedelta(seconds=5)


def test_device_cookie_is_httponly_strict_and_path_scoped(settings):
    settings.SESSION_COOKIE_SECURE = True
    response = HttpResponse()

    device_cookie_set(response, name="hn_test", token="tok", path="/entrance/")

    cookie = response.cookies["hn_test"]
    assert cookie.value == "tok"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/entrance/"
    assert cookie["secure"] is True
    assert cookie["max-age"] == 60 * 60 * 24 * 60


def test_device_cookie_not_secure_when_secure_cookies_off(settings):
    settings.SESSION_COOKIE_SECURE = False
    response = HttpResponse()

    device_cookie_set(response, name="hn_test", token="tok", path="/kiosk/")

    assert response.cookies["hn_test"]["secure"] == ""


def test_device_cookie_read_returns_the_token():
    request = RequestFactory().get("/kiosk/", HTTP_COOKIE="hn_test=tok; other=x")

    assert device_cookie_read(request, name="hn_test") == "tok"
    assert device_cookie_read(request, name="missing") is None


def test_device_cookie_delete_expires_it_on_its_path():
    response = HttpResponse()

    device_cookie_delete(response, name="hn_test", path="/kiosk/")

    cookie = response.cookies["hn_test"]
    assert cookie.value == ""
    assert cookie["path"] == "/kiosk/"
    assert cookie["max-age"] == 0
