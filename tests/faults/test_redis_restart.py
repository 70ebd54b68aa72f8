"""Redis restarting under live sockets (issue #10, item 18).

Two server processes share a private redis-server (channel layer and cache).
Phones hold the live agenda socket on one process or the other. Redis is
shut down without saving (every group membership is gone) and started again;
then the chair makes changes. Every phone must end at the latest version:
a socket that stayed open through its own relay, one that was closed by
reconnecting and reading the fresh snapshot, as agenda-live.js does.
"""

import asyncio
import json
import secrets
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.servers import Redis, database, run_script, start_server, stop, tempdir

pytestmark = pytest.mark.faults

SLUG = "faults-redis"
PHONES_PER_SERVER = 3
DOWN_SECONDS = 2.5  # a restart takes a while: longer than the hub's first retry

SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from events.models import StaffRole
from events.selectors.agenda import agenda_version
from tests.factories import AgendaItemFactory, ConferenceFactory, MembershipFactory

conference = ConferenceFactory(slug="faults-redis", is_public=True)
for n in range(8):
    AgendaItemFactory(conference=conference, title=f"Mục {n + 1}", duration_minutes=10)
chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
store = SessionStore()
store[SESSION_KEY] = str(chair.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = chair.get_session_auth_hash()
store.create()
print(json.dumps({"session": store.session_key, "version": agenda_version(conference=conference)}))
"""


def chair_action(base: str, session: str, action: str, **data: str) -> dict:
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    request = urllib.request.Request(  # noqa: S310 (our own server on 127.0.0.1)
        f"{base}/c/{SLUG}/agenda/console/{action}/",
        data=urllib.parse.urlencode(data).encode(),
        method="POST",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (as above)
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return {"ok": False, "status": error.code, "snapshot": {"version": None}}


class Phone:
    """agenda-live.js in short: keep the newest snapshot; when the socket
    closes, reconnect and take the snapshot the server sends on connect."""

    def __init__(self, base: str):
        self.url = base.replace("http://", "ws://") + f"/ws/c/{SLUG}/agenda/"
        self.origin = base
        self.version = -1
        self.connections = 0
        self.errors: list[str] = []
        self.task: asyncio.Task | None = None

    async def run(self) -> None:
        from websockets.asyncio.client import connect

        while True:
            try:
                async with connect(self.url, origin=self.origin, open_timeout=10) as socket:
                    self.connections += 1
                    async for text in socket:
                        message = json.loads(text)
                        if message.get("type") == "snapshot":
                            self.version = max(self.version, message["version"])
            except Exception as error:  # closed or refused (Redis down): the page retries
                self.errors.append(type(error).__name__)
            await asyncio.sleep(0.3)  # the page's backoff, shortened


async def _until(phones: list[Phone], version: int | None, timeout: float) -> bool:
    if version is None:  # the change was not made
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(p.version >= version for p in phones):
            return True
        await asyncio.sleep(0.05)
    return False


async def _scenario(bases: list[str], session: str, redis: Redis) -> dict:
    phones = [Phone(base) for base in bases for _ in range(PHONES_PER_SERVER)]
    for phone in phones:
        phone.task = asyncio.create_task(phone.run())
    try:
        first = await asyncio.to_thread(chair_action, bases[0], session, "announce", text="Chào")
        before = await _until(phones, first["snapshot"]["version"], 20)

        await asyncio.to_thread(redis.stop)
        await asyncio.sleep(DOWN_SECONDS)
        await asyncio.to_thread(redis.start)
        # Each process's pooled Redis connections may be ones the restart
        # closed: a tap on each, twice, right away.
        taps = []
        for base in bases * 2:
            taps.append(await asyncio.to_thread(chair_action, base, session, "start-next"))
        after_restart = taps[-1]
        got_first = await _until(phones, after_restart["snapshot"]["version"], 20)
        await asyncio.sleep(2)
        later = await asyncio.to_thread(chair_action, bases[1], session, "late", minutes="5")
        got_later = await _until(phones, later["snapshot"]["version"], 20)
        return {
            "before": before,
            "after_restart": ([t["ok"] for t in taps], got_first),
            "later": (later["ok"], got_later),
            "latest": later["snapshot"]["version"],
            "versions": [p.version for p in phones],
            "connections": [p.connections for p in phones],
        }
    finally:
        for phone in phones:
            phone.task.cancel()
        await asyncio.gather(*(p.task for p in phones), return_exceptions=True)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server binary")
def test_phones_get_every_change_after_redis_restarts_under_them():
    with tempdir("hoinghi-redis-") as tmp, database(tmp, "redis") as db:
        seed = run_script(db, SEED)
        redis = Redis(tmp)
        servers = []
        try:
            redis.start()
            for name in ("a", "b"):
                servers.append(start_server(db, tmp / f"{name}.log", REDIS_URL=redis.url))
            result = asyncio.run(_scenario([s.url for s in servers], seed["session"], redis))
        finally:
            for server in servers:
                stop(server.process)
            redis.stop()
        logs = "\n".join(s.tail() for s in servers)

    assert result["before"], (result, logs)
    assert result["after_restart"] == ([True] * 4, True), (result, logs)
    assert result["later"] == (True, True), (result, logs)
    assert result["versions"] == [result["latest"]] * 2 * PHONES_PER_SERVER, result
