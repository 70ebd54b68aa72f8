"""HTTP through ``config.asgi.application`` (config/handlers.py): Django's
whole sync stack in one pool thread per request."""

import json
import threading

import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.conf import settings

from config.asgi import application
from events.models import StaffRole
from tests.events.consumers.test_agenda import _cookie, connect, receive
from tests.factories import AgendaItemFactory, ConferenceFactory, MembershipFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
CSRF = "a" * 32  # an unmasked secret is a valid token for its own cookie


def _chair_cookies(conference) -> str:
    membership = MembershipFactory(conference=conference, role=StaffRole.CHAIR)
    return f"{_cookie(membership.user).decode()}; {settings.CSRF_COOKIE_NAME}={CSRF}"


async def _home(host: bytes = b"127.0.0.1"):
    return await HttpCommunicator(application, "GET", "/", headers=[(b"host", host)]).get_response()


async def test_answers_pass_through_the_whole_middleware_stack():
    response = await _home()

    headers = {k.decode().lower(): v.decode() for k, v in response["headers"]}
    assert response["status"] == 200
    assert b'<html lang="vi">' in response["body"]  # locale middleware
    assert headers["x-frame-options"] == "DENY"  # clickjacking middleware
    assert headers["x-content-type-options"] == "nosniff"  # security middleware


async def test_unknown_host_is_refused_by_django():
    home = await _home()
    response = await _home(b"evil.example")

    assert response["status"] == 400
    assert response["body"] != home["body"]


async def test_chair_tap_over_http_reaches_a_socket_held_by_the_same_process():
    conference = await database_sync_to_async(ConferenceFactory)(is_public=True)
    await database_sync_to_async(AgendaItemFactory)(conference=conference, title="Khai mạc")
    cookies = await database_sync_to_async(_chair_cookies)(conference)
    socket, connected, _code = await connect(conference.slug)
    assert connected
    snapshot = await receive(socket)

    response = await HttpCommunicator(
        application,
        "POST",
        f"/c/{conference.slug}/agenda/console/start-next/",
        body=b"",
        headers=[
            (b"host", b"127.0.0.1"),
            (b"cookie", cookies.encode()),
            (b"x-csrftoken", CSRF.encode()),
            (b"accept", b"application/json"),
        ],
    ).get_response()
    update = await receive(socket)
    await socket.disconnect()

    assert json.loads(response["body"])["ok"] is True
    assert update["version"] == snapshot["version"] + 1
    assert update["items"][0]["status"] == "running"


async def test_requests_run_on_a_few_long_lived_threads():
    """A database connection per pool thread, reused, not one per request."""
    before = {t.name for t in threading.enumerate() if t.name.startswith("http")}
    for _ in range(3 * settings.HTTP_THREADS):
        await _home()
    after = {t.name for t in threading.enumerate() if t.name.startswith("http")}

    assert 0 < len(after) <= settings.HTTP_THREADS
    assert before <= after
