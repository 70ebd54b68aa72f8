"""Check-in under load: the figures of issue 5.

Serves the app with uvicorn (2 workers, production settings) on a temporary
database, seeds 2,050 approved registrations, then through the API:

1. 2,000 first scans by 8 concurrent scanner clients;
2. 1,000 repeat scans (each must answer already_checked_in);
3. 50 codes each scanned by 2 clients at the same instant (one ok each);

and, in the same run, a trivial JSON endpoint of the same server as baseline.
Prints throughput, p50/p95/p99 latency, errors, double successes and the
server's CPU time per scan (from /proc of the worker processes).

    DJANGO_DEBUG=1 .venv/bin/python bench/checkin_load.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hoinghi_x \\
        DJANGO_DEBUG=1 .venv/bin/python bench/checkin_load.py        # PostgreSQL

With a PostgreSQL DATABASE_URL the bench creates and drops its own database
``<name>_bench``; with REDIS_URL set the server broadcasts through Redis.
"""

import http.client
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.lib.proc import cpu_seconds, free_port, percentile, worker_pids  # noqa: E402

CLIENTS = 8
FIRST_SCANS = 2000
REPEATS = 1000
PAIRS = 50
BASELINE_REQUESTS = 2000


def prepare_database(env: dict) -> tuple[dict, callable]:
    """A fresh database for the run, and a function that removes it."""
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parsed = urlparse(url)
        name = (parsed.path.lstrip("/") or "hoinghi") + "_bench"
        admin_url = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = parsed._replace(path=f"/{name}").geturl()

        def drop():
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return env, drop
    tmp = tempfile.mkdtemp(prefix="hoinghi-bench-")
    env.pop("DATABASE_URL", None)
    env["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    return env, lambda: shutil.rmtree(tmp, ignore_errors=True)


SEED = """
import django, json, sys
django.setup()
from django.core.management import call_command
from django.utils import timezone
from events.models import Registration, RegistrationStatus
from events.names import fold, person_collation_key
from events.services.checkin_setup import device_issue_token
from events.services.registrations import new_pass_code
from tests.factories import ConferenceFactory
call_command("migrate", verbosity=0)
conference = ConferenceFactory(slug="bench")
role = conference.roles.get(code="specialist")
units = list(conference.term.members.all())
now = timezone.now()
people = []
for n in range(int(sys.argv[1])):
    given = f"Người {n}"
    people.append(Registration(
        conference=conference, family_name="Nguyễn", middle_name="Văn", given_name=given,
        unit=units[n % len(units)], role=role, status=RegistrationStatus.APPROVED,
        code=new_pass_code(), code_issued_at=now,
        sort_key=person_collation_key(family="Nguyễn", middle="Văn", given=given)[:255],
        search_key=fold(f"Nguyễn Văn {given}")))
Registration.objects.bulk_create(people, batch_size=500)
tokens = [device_issue_token(conference=conference, name=f"Cổng {i + 1}")[1] for i in range(8)]
print(json.dumps({"codes": [p.code for p in people], "tokens": tokens}))
"""


class Client:
    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, path: str, payload: dict) -> tuple[int, dict, float]:
        body = json.dumps(payload)
        started = time.perf_counter()
        try:
            self.conn.request("POST", path, body=body, headers=self.headers)
            response = self.conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            return response.status, json.loads(data), elapsed
        except (OSError, http.client.HTTPException, ValueError):
            self.conn.close()
            return 599, {}, time.perf_counter() - started

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return 599, time.perf_counter() - started


def run_phase(clients, jobs, fn):
    """Split ``jobs`` over the clients (one thread each); returns the answers
    and the wall time."""
    chunks = [jobs[i :: len(clients)] for i in range(len(clients))]
    answers: list = []
    lock = threading.Lock()

    def work(client, chunk):
        mine = [fn(client, job) for job in chunk]
        with lock:
            answers.extend(mine)

    threads = [
        threading.Thread(target=work, args=pair) for pair in zip(clients, chunks, strict=False)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


def pct(values, p):
    return percentile(values, p) * 1000


def report(title, answers, wall, cpu, expect):
    latencies = [a[2] for a in answers]
    results = Counter(a[1].get("result", f"HTTP {a[0]}") for a in answers)
    errors = sum(1 for status, data, _t, *_ in answers if status != 200 or "result" not in data)
    unexpected = sum(c for r, c in results.items() if r not in expect)
    print(
        f"  {title:<34} {len(answers) / wall:7.0f} scans/s   "
        f"p50 {pct(latencies, 50):5.1f} ms  p95 {pct(latencies, 95):5.1f} ms  "
        f"p99 {pct(latencies, 99):5.1f} ms   errors {errors}   "
        f"unexpected {unexpected}   server CPU {cpu / len(answers) * 1000:4.2f} ms/scan"
    )
    print(f"  {'':<34} results: {dict(results)}")
    return errors + unexpected


def main() -> int:
    env = {**os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_LOG_LEVEL="WARNING",
        EMAIL_URL="console://",
        PYTHONPATH=str(ROOT),
    )
    env, cleanup = prepare_database(env)
    server = None
    try:
        seeded = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", SEED, str(FIRST_SCANS + PAIRS)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(seeded.stdout.strip().splitlines()[-1])
        codes, tokens = data["codes"], data["tokens"]
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (as above)
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--workers",
                "2",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/api/v1/ping/")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        workers = worker_pids(server.pid)
        vendor = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
        redis = " + Redis channel layer" if env.get("REDIS_URL") else ""
        print(f"checkin_load on {vendor}{redis}, uvicorn --workers 2 ({len(workers)} workers)")
        clients = [Client(port, tokens[i]) for i in range(CLIENTS)]
        # Warm up every worker and connection (imports, first queries).
        run_phase(clients, list(range(CLIENTS * 20)), lambda c, _j: c.get("/api/v1/ping/"))

        def scan(client, job):
            code, nonce = job
            status, answer, elapsed = client.post(
                "/api/v1/checkin/", {"code": code, "nonce": nonce}
            )
            return status, answer, elapsed, code

        def ping(client, _job):
            status, elapsed = client.get("/api/v1/ping/")
            return status, {"result": "ok" if status == 200 else "error"}, elapsed

        cpu0 = cpu_seconds(workers)
        base, base_wall = run_phase(clients, list(range(BASELINE_REQUESTS)), ping)
        cpu1 = cpu_seconds(workers)
        failures = report("baseline: trivial JSON endpoint", base, base_wall, cpu1 - cpu0, {"ok"})

        first_codes = codes[:FIRST_SCANS]
        jobs = [(code, secrets.token_hex(8)) for code in first_codes]
        first, wall = run_phase(clients, jobs, scan)
        cpu2 = cpu_seconds(workers)
        failures += report("first scans (8 clients)", first, wall, cpu2 - cpu1, {"ok"})
        throughput = len(first) / wall

        repeat_jobs = [
            (
                random.choice(first_codes),  # noqa: S311 (load pattern, not crypto)
                secrets.token_hex(8),
            )
            for _ in range(REPEATS)
        ]
        repeats, wall = run_phase(clients, repeat_jobs, scan)
        cpu3 = cpu_seconds(workers)
        failures += report("repeat scans", repeats, wall, cpu3 - cpu2, {"already_checked_in"})

        pair_codes = codes[FIRST_SCANS:]
        barrier = threading.Barrier(2)
        pair_answers: list = []
        lock = threading.Lock()

        def twin(client):
            for code in pair_codes:
                barrier.wait()
                answer = scan(client, (code, secrets.token_hex(8)))
                with lock:
                    pair_answers.append(answer)

        started = time.perf_counter()
        twins = [threading.Thread(target=twin, args=(c,)) for c in clients[:2]]
        for thread in twins:
            thread.start()
        for thread in twins:
            thread.join()
        cpu4 = cpu_seconds(workers)
        failures += report(
            "same code, 2 phones at once",
            pair_answers,
            time.perf_counter() - started,
            cpu4 - cpu3,
            {"ok", "already_checked_in"},
        )
        oks = Counter(a[3] for a in first + repeats + pair_answers if a[1].get("result") == "ok")
        doubles = sum(1 for count in oks.values() if count > 1)
        missing_pairs = sum(1 for code in pair_codes if oks[code] != 1)
        base_rate = len(base) / base_wall
        print(
            f"  first-scan throughput {throughput:.0f} scans/s = {throughput / base_rate:.2f} x "
            f"the trivial endpoint ({base_rate:.0f} req/s); double successes {doubles}; "
            f"pairs without exactly one ok {missing_pairs}; errors+unexpected {failures}"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
