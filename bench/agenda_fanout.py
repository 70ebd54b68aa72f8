"""Live agenda fan-out: how long until every delegate's phone has the change?

    python bench/agenda_fanout.py [N] [--actions 20] [--setup memory|redis|both]
                                  [--redis-layer core|pubsub]

For each setup, start real servers on a throw-away database, load the demo,
connect N websocket clients to the seed conference's agenda, then make 20
chair actions through authenticated HTTP (start next item, announcement,
running late +5) and record, for every client, when it received the new
version. Printed: p50 / p99 / max delivery latency over all (client, action)
pairs, and the median / max time until *all* clients had an action.

Baseline, same run, same servers, same N clients: a bare channels consumer
that group-sends a payload of the snapshot's size when a trigger socket asks
(no HTTP, no database). The ratio agenda/baseline is printed. A second
bare consumer does the same through the fan-out hub (events/fanout.py), so
the two bare lines compare plain Channels delivery with the hub's on the
same layer.

Setups:
  memory  daphne, one process, in-memory channel layer, SQLite (temp file)
  redis   uvicorn --workers 2, channels-redis, PostgreSQL (temp database)
          (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
          for creating it, BENCH_DATABASE_NAME to name it; BENCH_REDIS_URL,
          default redis://127.0.0.1:6379/15)

Redis channel layer: --redis-layer core (RedisChannelLayer, as configured)
or pubsub (RedisPubSubChannelLayer).

Everything temporary is removed at the end; the servers are killed.
"""

import argparse
import asyncio
import gc
import json
import os
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.lib.proc import free_port  # noqa: E402

SLUG = "so-ket-2022-trung-du-mien-nui"
VERSION_RE = re.compile(rb'"version":(-?\d+)')
WARMUP = 3

BENCH_ASGI = '''
"""Our ASGI app plus a bare channels consumer for the baseline."""
from config.asgi import application as _app, django_asgi_app
from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path
from config.routing import websocket_urlpatterns
from core.fanout import GroupMember


class Bare(AsyncWebsocketConsumer):
    group = "bench-bare"

    async def connect(self):
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        # The trigger: {"version": N, "size": S}; send a payload of S bytes.
        message = __import__("json").loads(text_data)
        head = '{"type":"snapshot","version":%d,"pad":"' % message["version"]
        text = head + "x" * max(0, message["size"] - len(head) - 2) + '"}'
        await self.channel_layer.group_send(self.group, {"type": "bare.msg", "text": text})

    async def bare_msg(self, event):
        await self.send(text_data=event["text"])


class BareHub(GroupMember, Bare):
    """The same, but the sockets hear the group through the fan-out hub."""

    group = "bench-hub"

    async def connect(self):
        await self.accept()
        await self.group_join(self.group)

    async def disconnect(self, code):
        await self.group_leave()


application = ProtocolTypeRouter({
    "http": django_asgi_app,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(
        [path("bench/ws/", Bare.as_asgi()), path("bench/ws-hub/", BareHub.as_asgi())]
        + websocket_urlpatterns
    ))),
})
'''

BENCH_SETTINGS = """
import os
from config.settings import *  # noqa: F403
if os.environ.get("BENCH_LAYER"):
    CHANNEL_LAYERS["default"]["BACKEND"] = os.environ["BENCH_LAYER"]  # noqa: F405
"""
LAYERS = {
    "memory": "channels.layers.InMemoryChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}

SETUP_DATA = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from events.demo import load_demo
from events.models import User
load_demo()
user = User.objects.get(email="chutri@hoinghi.example")
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print("SESSION=" + store.session_key)
"""


def wait_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text()[-3000:])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- Clients ---------------------------------------------------------------------------


class Client:
    def __init__(self, socket):
        self.socket = socket
        self.seen: dict[int, float] = {}

    async def listen(self):
        try:
            async for message in self.socket:
                data = message.encode() if isinstance(message, str) else message
                match = VERSION_RE.search(data[:80])
                if match:
                    self.seen.setdefault(int(match.group(1)), time.perf_counter())
        except Exception:  # noqa: S110 (a closed socket ends the listener)
            pass


async def open_clients(url: str, origin: str, n: int) -> tuple[list[Client], list]:
    from websockets.asyncio.client import connect

    clients, tasks = [], []
    for start in range(0, n, 100):
        batch = await asyncio.gather(
            *(
                connect(url, origin=origin, max_size=None, ping_interval=None, open_timeout=30)
                for _ in range(start, min(n, start + 100))
            )
        )
        for ws in batch:
            client = Client(ws)
            clients.append(client)
            tasks.append(asyncio.create_task(client.listen()))
    return clients, tasks


async def wait_all(clients: list[Client], version: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while any(version not in c.seen for c in clients):
        if time.monotonic() > deadline:
            missing = sum(version not in c.seen for c in clients)
            raise RuntimeError(f"{missing} clients never got version {version}")
        await asyncio.sleep(0.005)


def summarize(name: str, clients: list[Client], starts: dict[int, float]) -> dict:
    deliveries, completes = [], []
    for version, t0 in starts.items():
        times = [c.seen[version] - t0 for c in clients]
        deliveries += times
        completes.append(max(times))
    ms = [d * 1000 for d in deliveries]
    result = {
        "name": name,
        "p50": percentile(ms, 50),
        "p99": percentile(ms, 99),
        "max": max(ms),
        "all_p50": statistics.median(completes) * 1000,
        "all_max": max(completes) * 1000,
    }
    print(
        f"  {name:<34} p50 {result['p50']:7.1f} ms   p99 {result['p99']:7.1f} ms   "
        f"max {result['max']:7.1f} ms   (all clients: median {result['all_p50']:6.1f} ms, "
        f"worst {result['all_max']:6.1f} ms)"
    )
    return result


def post(url: str, session: str, data: dict) -> dict:
    csrf = secrets.token_hex(16)
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(  # noqa: S310 (our own local server)
        url,
        data=body,
        method="POST",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


async def run_agenda(base: str, session: str, n: int, actions: int) -> tuple[dict, int]:
    ws_base = base.replace("http://", "ws://")
    clients, tasks = await open_clients(f"{ws_base}/ws/c/{SLUG}/agenda/", base, n)
    await asyncio.sleep(1)
    steps = [("start-next", {}), ("announce", {"text": ""}), ("late", {"minutes": "5"})]
    # Unmeasured warm-up, so that every worker process and its threads have
    # served a chair action (imports, connections); start-next is kept for
    # the measured run (the demo agenda has 8 items).
    for action, data in steps[1:] * WARMUP:
        warm = await asyncio.to_thread(
            post, f"{base}/c/{SLUG}/agenda/console/{action}/", session, data
        )
        await wait_all(clients, warm["snapshot"]["version"])
    starts, size = {}, 0
    for k in range(actions):
        action, data = steps[k % 3]
        if action == "announce":
            data = {"text": f"Đề nghị đại biểu ổn định chỗ ngồi ({k})"}
        t0 = time.perf_counter()
        answer = await asyncio.to_thread(
            post, f"{base}/c/{SLUG}/agenda/console/{action}/", session, data
        )
        if not answer.get("ok"):
            raise RuntimeError(answer)
        version = answer["snapshot"]["version"]
        size = max(
            size,
            len(json.dumps(answer["snapshot"], ensure_ascii=False, separators=(",", ":")).encode()),
        )
        starts[version] = t0
        await wait_all(clients, version)
        await asyncio.sleep(0.2)
    result = summarize("agenda (HTTP action → all sockets)", clients, starts)
    for c in clients:
        await c.socket.close()
    for t in tasks:
        t.cancel()
    return result, size


async def run_baseline(base: str, n: int, actions: int, size: int, hub: bool = False) -> dict:
    from websockets.asyncio.client import connect

    ws_url = base.replace("http://", "ws://") + ("/bench/ws-hub/" if hub else "/bench/ws/")
    clients, tasks = await open_clients(ws_url, base, n)
    trigger = await connect(ws_url, origin=base, max_size=None, ping_interval=None)
    await asyncio.sleep(1)
    for version in range(-2 * WARMUP, 0):  # the same number of unmeasured sends
        await trigger.send(json.dumps({"version": version, "size": size}))
        await wait_all(clients, version)
    starts = {}
    for version in range(1, actions + 1):
        t0 = time.perf_counter()
        await trigger.send(json.dumps({"version": version, "size": size}))
        starts[version] = t0
        await wait_all(clients, version)
        await asyncio.sleep(0.2)
    how = "through the hub" if hub else "bare group_send"
    result = summarize(f"baseline ({how}, {size} B)", clients, starts)
    await trigger.close()
    for c in clients:
        await c.socket.close()
    for t in tasks:
        t.cancel()
    return result


# --- Setups -----------------------------------------------------------------------------------


def server_env(tmp: Path, extra: dict, layer: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + secrets.token_hex(16),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_LOG_LEVEL="WARNING",
        EMAIL_URL="console://",
        PYTHONPATH=f"{tmp}{os.pathsep}{ROOT}",
        DJANGO_SETTINGS_MODULE="fanout_settings",
        BENCH_LAYER=LAYERS[layer],
        **extra,
    )
    return env


def prepare(env: dict) -> str:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(  # noqa: S603 (our own manage.py)
        [*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    out = subprocess.run(  # noqa: S603 (our own manage.py)
        [*manage, "shell", "-c", SETUP_DATA],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.search(r"SESSION=(\w+)", out).group(1)


def run_setup(name: str, command: list[str], env: dict, tmp: Path, n: int, actions: int):
    session = prepare(env)
    port = free_port()
    log = tmp / f"{name}.log"
    with open(log, "wb") as handle:
        server = subprocess.Popen(  # noqa: S603 (our own server command)
            [*command, "--port" if "uvicorn" in command[2] else "-p", str(port)],
            env=env,
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_port(port, server, log)
        time.sleep(2)  # let every worker start
        base = f"http://127.0.0.1:{port}"
        # The client simulates 1,000 phones in one Python process; pause its
        # cyclic garbage collector so that its collections do not show up as
        # delivery latency (of the server and of the baseline alike).
        gc.collect()
        gc.disable()
        try:
            agenda, size = asyncio.run(run_agenda(base, session, n, actions))
            baseline = asyncio.run(run_baseline(base, n, actions, size))
            through_hub = asyncio.run(run_baseline(base, n, actions, size, hub=True))
        finally:
            gc.enable()
        ratios = {key: agenda[key] / baseline[key] for key in ("p50", "p99", "max")}
        print(
            f"  ratio agenda/baseline: p50 {ratios['p50']:.2f}×, p99 {ratios['p99']:.2f}×, "
            f"max {ratios['max']:.2f}×"
        )
        print(
            f"  ratio hub/bare: p50 {through_hub['p50'] / baseline['p50']:.2f}×, "
            f"p99 {through_hub['p99'] / baseline['p99']:.2f}×, "
            f"max {through_hub['max'] / baseline['max']:.2f}×"
        )
    except Exception:
        print(f"  server log ({log.name}), last lines:\n{log.read_text()[-4000:]}")
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def setup_memory(tmp: Path, n: int, actions: int, layer: str) -> None:
    print(f"== daphne, in-memory channel layer, SQLite — {n} clients, {actions} actions")
    env = server_env(tmp, {"SQLITE_PATH": str(tmp / "bench.sqlite3")}, layer)
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "fanout_asgi:application"]
    run_setup("memory", command, env, tmp, n, actions)


def setup_redis(tmp: Path, n: int, actions: int, layer: str) -> None:
    import psycopg

    admin_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    name = os.environ.get("BENCH_DATABASE_NAME") or f"hoinghi_bench_{secrets.token_hex(4)}"
    print(
        f"== uvicorn --workers 2, channels-redis {layer} ({redis_url}), PostgreSQL ({name}) — "
        f"{n} clients, {actions} actions"
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        db_url = admin_url.rsplit("/", 1)[0] + "/" + name
        env = server_env(tmp, {"DATABASE_URL": db_url, "REDIS_URL": redis_url}, layer)
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "fanout_asgi:application",
            "--host",
            "127.0.0.1",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ]
        run_setup("redis", command, env, tmp, n, actions)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clients", nargs="?", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--setup", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--redis-layer", choices=["core", "pubsub"], default="core")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * args.clients + 256)), hard))
    tmp = Path(tempfile.mkdtemp(prefix="hoinghi-bench-"))
    try:
        (tmp / "fanout_asgi.py").write_text(BENCH_ASGI)
        (tmp / "fanout_settings.py").write_text(BENCH_SETTINGS)
        if args.setup in ("memory", "both"):
            setup_memory(tmp, args.clients, args.actions, "memory")
        if args.setup in ("redis", "both"):
            setup_redis(tmp, args.clients, args.actions, args.redis_layer)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
