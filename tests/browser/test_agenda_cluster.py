"""Several server processes: with REDIS_URL set, a chair action handled by one
daphne process reaches a socket held by another, even after the socket sat
idle for longer than redis-py 8's ~5 s timeout (channels_redis#422)."""

import asyncio
import json
import os
import secrets
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import connect

from events.models import StaffRole
from tests.browser.conftest import start_asgi_server
from tests.factories import AgendaItemFactory, ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason=(
        "REDIS_URL is not set: two server processes can only share updates through Redis. "
        "This test runs in the PostgreSQL + Redis pass of .ci/run."
    ),
)

IDLE_SECONDS = 7


def _post(url: str, session: str) -> dict:
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    request = urllib.request.Request(  # noqa: S310 (our own server, http only)
        url,
        data=b"",
        method="POST",
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own server)
        return json.loads(response.read())


async def _scenario(url_a: str, url_b: str, slug: str, session: str):
    ws_url = url_b.replace("http://", "ws://") + f"/ws/c/{slug}/agenda/"
    async with connect(ws_url, origin=url_b) as socket:
        first = json.loads(await asyncio.wait_for(socket.recv(), 10))
        await asyncio.sleep(IDLE_SECONDS)  # hold the socket idle past the Redis timeout trap
        answer = await asyncio.to_thread(
            _post, f"{url_a}/c/{slug}/agenda/console/start-next/", session
        )
        update = json.loads(await asyncio.wait_for(socket.recv(), 10))
    return first, answer, update


def test_change_through_one_process_reaches_an_idle_socket_on_another(transactional_db):
    conference = ConferenceFactory(is_public=True)
    AgendaItemFactory(conference=conference, title="Khai mạc", duration_minutes=10)
    AgendaItemFactory(conference=conference, title="Báo cáo", duration_minutes=20)
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    client = Client()
    client.force_login(chair)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    server_a, url_a = start_asgi_server()
    server_b, url_b = start_asgi_server()
    try:
        # Playwright may run an event loop in this thread: use a fresh one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            first, answer, update = pool.submit(
                asyncio.run, _scenario(url_a, url_b, conference.slug, session)
            ).result()
    finally:
        for server in (server_a, server_b):
            server.terminate()
            server.wait(timeout=10)

    assert first["version"] == 2
    assert (answer["ok"], answer["snapshot"]["version"]) == (True, 3)
    assert update["version"] == 3
    assert [(i["title"], i["status"]) for i in update["items"]] == [
        ("Khai mạc", "running"),
        ("Báo cáo", "planned"),
    ]
