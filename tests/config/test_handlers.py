"""HTTP through ``config.asgi.application`` (config/handlers.py): Django's
whole sync stack in one pool thread per request."""

import asyncio
import json
import threading
from pathlib import Path

import django
import pytest
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator
from django.conf import settings
from django.core import signals

from config.asgi import application
from config.handlers import CHECKED_DJANGO
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


def _scope(path: str) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def test_client_gone_before_the_answer_gets_nothing_written():
    finished = threading.Event()

    def on_finished(**kwargs):
        finished.set()

    messages = iter([{"type": "http.request", "body": b""}, {"type": "http.disconnect"}])
    sent = []

    async def receive():
        return next(messages)

    async def send(message):
        sent.append(message["type"])

    signals.request_finished.connect(on_finished)
    try:
        await application(_scope("/"), receive, send)
    finally:
        signals.request_finished.disconnect(on_finished)

    assert sent == []
    assert finished.is_set()  # the view ran to its end and the request was closed


async def test_client_staying_gets_the_whole_answer():
    messages = [{"type": "http.request", "body": b""}]
    sent = []
    waiting = asyncio.Event()

    async def receive():
        if messages:
            return messages.pop()
        await waiting.wait()  # a server sends nothing more while the client stays

    async def send(message):
        sent.append(message)

    await application(_scope("/"), receive, send)

    assert sent[0]["type"] == "http.response.start"
    assert sent[0]["status"] == 200
    assert b'<html lang="vi">' in b"".join(m.get("body", b"") for m in sent[1:])


async def test_handler_was_checked_against_this_django():
    assert django.VERSION[:2] == CHECKED_DJANGO, (
        f"config/handlers.py mirrors Django {CHECKED_DJANGO}'s ASGI handler; this is Django "
        f"{django.get_version()}. Re-read django/core/handlers/asgi.py (ASGIHandler.__init__, "
        "handle, read_body, create_request, send_response), adapt ThreadedASGIHandler, then "
        "update CHECKED_DJANGO."
    )


FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSans-Regular.ttf"


async def test_file_is_streamed_whole_to_a_client_that_stays():
    messages = [{"type": "http.request", "body": b""}]
    sent = []
    waiting = asyncio.Event()

    async def receive():
        if messages:
            return messages.pop()
        await waiting.wait()

    async def send(message):
        sent.append(message)

    await application(_scope("/static/fonts/NotoSans-Regular.ttf"), receive, send)

    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert sent[0]["status"] == 200
    assert body == FONT.read_bytes()
    assert len(sent) > 3  # in chunks, not collected whole


async def test_client_gone_mid_file_stops_the_file_being_read():
    first_chunk = asyncio.Event()
    messages = [{"type": "http.request", "body": b""}]
    sent = []

    async def receive():
        if messages:
            return messages.pop()
        await first_chunk.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
        if message["type"] == "http.response.body":
            first_chunk.set()
            await asyncio.sleep(0.05)  # a slow phone network

    await application(_scope("/static/fonts/NotoSans-Regular.ttf"), receive, send)

    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert 0 < len(body) < FONT.stat().st_size / 2
    assert sent[-1]["more_body"] is True  # the answer was never finished
