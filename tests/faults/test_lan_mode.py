# ruff: noqa: S310 (urllib opens http:// URLs of the test's own server only)
"""LAN mode end to end (docs/lan-mode.md), with real processes.

A "central" SQLite database gets a conference; its snapshot (dumpdata) is
loaded into a "laptop" database; the laptop serves the embedded default
(daphne, SQLite, in-memory layer) bound to 127.0.0.2 — the stand-in for the
laptop's Wi-Fi address, since binding a real interface is not allowed
here — with the ALLOWED_HOSTS / SITE_URL / CSRF settings the doc gives. A
check-in staff member logs in over that address and scans a signed pass;
the laptop's export is imported into the central database twice.
"""

import http.client
import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.servers import ROOT, Database, base_env, free_port, manage, run_script, stop

pytestmark = pytest.mark.faults

LAN = "127.0.0.2"
SHARED = {"DJANGO_PASS_SIGNING_SECRET": "lan-mode-test-shared-" + uuid.uuid4().hex}

SETUP = """
import json
from events.models import StaffRole
from events.selectors.passes import pass_qr_payload
from tests.factories import MembershipFactory, RegistrationFactory, PASSWORD
r = RegistrationFactory(full_name="Lê Văn Hội", role_code="director")
staff = MembershipFactory(conference=r.conference, role=StaffRole.CHECKIN).user
print(json.dumps({"slug": r.conference.slug, "qr": pass_qr_payload(r), "email": staff.email,
                  "password": PASSWORD, "code": r.code}))
"""
COUNT = """
import json, sys
from events.models import Checkin
rows = Checkin.objects.filter(checkin_list__conference__slug=sys.argv[1])
print(json.dumps({"n": rows.count(), "nonces": sorted(rows.values_list("nonce", flat=True))}))
"""


def _db(tmp_path, name: str) -> Database:
    db = Database("sqlite", {"SQLITE_PATH": str(tmp_path / f"{name}.sqlite3"), **SHARED})
    manage(db, "migrate", "--noinput", "-v0")
    return db


def _serve(db: Database, port: int, log):
    origin = f"http://{LAN}:{port}"
    env = base_env(**db.env)
    env.update(
        DJANGO_ALLOWED_HOSTS=f"{LAN},localhost,127.0.0.1",
        DJANGO_SITE_URL=origin,
        DJANGO_CSRF_TRUSTED_ORIGINS=origin,
        DJANGO_MFA_REQUIRED="0",
    )
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", LAN, "-p", str(port), "config.asgi:application"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            conn = http.client.HTTPConnection(LAN, port, timeout=2)
            try:
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return process, origin
            finally:
                conn.close()
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("daphne did not answer on 127.0.0.2")


def _csrf(jar) -> str:
    return next(c.value for c in jar if c.name == "csrftoken")


# Two databases, a server and seven manage.py processes: minutes on a busy 2-core box.
@pytest.mark.timeout(900)
def test_laptop_serves_the_lan_and_its_checkins_reach_the_central_server(tmp_path):
    central = _db(tmp_path, "central")
    world = run_script(central, SETUP)
    snapshot = tmp_path / "snapshot.json"
    manage(
        central,
        "dumpdata",
        "--natural-foreign",
        "--exclude", "contenttypes",
        "--exclude", "auth.permission",
        "--exclude", "sessions",
        "--exclude", "admin.logentry",
        "-o", str(snapshot),
    )  # fmt: skip
    laptop = _db(tmp_path, "laptop")
    manage(laptop, "loaddata", str(snapshot))

    port = free_port()
    process, origin = _serve(laptop, port, tmp_path / "laptop.log")
    try:
        # A Host the laptop was not told about is refused (ALLOWED_HOSTS).
        conn = http.client.HTTPConnection(LAN, port, timeout=10)
        conn.request("GET", "/", headers={"Host": "evil.example"})
        assert conn.getresponse().status == 400
        conn.close()

        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with browser.open(f"{origin}/accounts/login/") as response:
            login_page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)[1]
        form = urllib.parse.urlencode(
            {"login": world["email"], "password": world["password"], "csrfmiddlewaretoken": token}
        ).encode()
        headers = {"Origin": origin, "Referer": f"{origin}/accounts/login/"}
        login = urllib.request.Request(f"{origin}/accounts/login/", data=form, headers=headers)
        browser.open(login).close()
        with browser.open(f"{origin}/c/{world['slug']}/checkin/scan/") as scanner:
            assert scanner.status == 200
            assert scanner.url == f"{origin}/c/{world['slug']}/checkin/scan/"  # logged in

        scan = json.dumps({"conference": world["slug"], "code": world["qr"], "nonce": "phone-1"})
        request = urllib.request.Request(
            f"{origin}/api/v1/checkin/",
            data=scan.encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": _csrf(jar),
                "Origin": origin,
            },
        )
        with browser.open(request) as response:
            answer = json.loads(response.read())
        assert (answer["result"], answer["name"]) == ("ok", "Lê Văn Hội")
    finally:
        stop(process)

    exported = tmp_path / "checkins.json"
    exported.write_text(manage(laptop, "checkins_export", "--conference", world["slug"]))
    first = json.loads(
        manage(central, "checkins_import", str(exported), "--conference", world["slug"])
    )
    second = json.loads(manage(central, "checkins_import", str(exported)))

    assert (first["applied"], first["imported"], first["conflicts"]) == (True, 1, [])
    assert (second["imported"], second["already_imported"]) == (0, 1)
    assert run_script(central, COUNT, world["slug"]) == {"n": 1, "nonces": ["phone-1"]}
