"""Real server processes for fault tests: a throw-away database, uvicorn on a
free port of 127.0.0.1, a private redis-server. (The start-up code of
bench/checkin_load.py and bench/agenda_fanout.py, kept here so tests do not
import benchmarks.)

Everything started here is killed by ``stop`` and removed by the context
managers, whatever happens in the test.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# One key for every process of a run: sessions made by a setup script must
# be valid in the servers.
SECRET_KEY = "faults-only-" + secrets.token_hex(16)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    """Production settings, no database or Redis of the caller's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not k.startswith("PYTEST_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_LOG_LEVEL="WARNING",
        EMAIL_URL="locmem://",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


@dataclass
class Database:
    vendor: str
    env: dict[str, str]  # what a process needs to use it: SQLITE_PATH or DATABASE_URL


@contextlib.contextmanager
def database(tmp: Path, suffix: str) -> Iterator[Database]:
    """A fresh, migrated database: PostgreSQL ``<name>_<suffix>`` next to the
    one DATABASE_URL names when it is set (created and dropped here), else a
    SQLite file in ``tmp``."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'hoinghi'}_{suffix}"
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        db = Database("postgresql", {"DATABASE_URL": parsed._replace(path=f"/{name}").geturl()})
        try:
            manage(db, "migrate", "--noinput", "-v0")
            yield db
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        db = Database("sqlite", {"SQLITE_PATH": str(tmp / f"{suffix}.sqlite3")})
        manage(db, "migrate", "--noinput", "-v0")
        yield db


def manage(db: Database, *args: str, timeout: float = 180) -> str:
    """Run ``manage.py`` on the database; its standard output."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=base_env(**db.env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def run_script(db: Database, script: str, *argv: str) -> dict:
    """Run a Python snippet with Django set up on the database; the JSON it
    prints last."""
    code = "import django, sys\ndjango.setup()\n" + script
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=base_env(**db.env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if done.returncode:
        raise RuntimeError(f"script failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


def start_server(
    db: Database, log: Path, *, port: int | None = None, workers: int = 1, **env: str
) -> Server:
    """uvicorn config.asgi:application; returns once it answers HTTP. With
    one worker the process is the server itself (no supervisor): SIGKILL to
    it is a crash of the server."""
    port = port or free_port()
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=base_env(**db.env, **env),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers die with it (stop kills the group)
        )
    server = Server(process, port, log)
    try:
        wait_http(server, timeout=60)
    except BaseException:
        stop(server.process)
        raise
    return server


def wait_http(server: Server, timeout: float) -> None:
    """Until the home page answers 200 (the database is there and migrated)."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within {timeout} s:\n{server.tail()}")
        time.sleep(0.2)


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    """End a process we started and everything in its process group."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


class Redis:
    """A private redis-server (no persistence) on a free port."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Shut down without saving: every group membership is gone."""
        stop(self.process)
        self.process = None


@contextlib.contextmanager
def tempdir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
