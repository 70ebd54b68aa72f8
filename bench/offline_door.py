"""The offline door's figures (issue #15, docs/offline.md), in headless
Chromium against daphne on a temporary SQLite database with 5,000 approved
delegates:

1. the encrypted roster downloaded, decrypted and stored (IndexedDB), five
   times; baseline: the same download without decrypting or storing;
2. a scan by the fake camera decided on the phone with no network, from the
   decoded QR text to the result on screen (the next animation frame), and
   the QR decode of the frame apart; baseline: the same scans decided by the
   server (network on);
3. 1,000 queued offline scans (100 of them a second admission of someone
   in the queue already) synced when the network is back, and the check-ins
   counted in the database; baseline: 1,000 online scans sent one by one.

    DJANGO_DEBUG=1 .venv/bin/python bench/offline_door.py
"""

import json
import os
import secrets as secrets_module
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.lib.proc import free_port  # noqa: E402

PEOPLE = 5000
QUEUED = 1000
DUPLICATES = 100
CAMERA_CODES = 12

SEED = """
import django, json, sys
django.setup()
from django.core.management import call_command
from django.utils import timezone
from datetime import timedelta
from events.models import Registration, RegistrationStatus, ScannerDevice
from events.names import fold, person_collation_key
from events.services.checkin_setup import device_create
from events.services.registrations import new_manual_code, new_pass_code
from tests.factories import ConferenceFactory
call_command("migrate", verbosity=0)
now = timezone.now()
conference = ConferenceFactory(
    slug="bench", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8)
)
role = conference.roles.get(code="specialist")
units = list(conference.term.members.all())
people = []
for n in range(int(sys.argv[1])):
    given = f"Người {n}"
    people.append(Registration(
        conference=conference, family_name="Nguyễn", middle_name="Văn", given_name=given,
        unit=units[n % len(units)], role=role, status=RegistrationStatus.APPROVED,
        code=new_pass_code(), manual_code=new_manual_code(), code_issued_at=now,
        sort_key=person_collation_key(family="Nguyễn", middle="Văn", given=given)[:255],
        search_key=fold(f"Nguyễn Văn {given}")))
Registration.objects.bulk_create(people, batch_size=500)
devices = [device_create(conference=conference, name=f"Cổng {i + 1}") for i in range(3)]
secrets = [d.pairing_secret for d in devices]
print(json.dumps({"codes": [p.code for p in people], "secrets": secrets}))
"""


def median_ms(values) -> str:
    middle = statistics.median(values)
    low, high = min(values), max(values)
    return f"median {middle:6.1f} ms  min {low:6.1f}  max {high:6.1f}  (n={len(values)})"


def pair(browser, url, secret):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{url}/scanner/pair/{secret}/")
    page.locator("main form button").first.click()
    page.wait_for_url(f"{url}/scanner/")
    page.wait_for_function("() => document.documentElement.dataset.sw === 'ready'", timeout=60_000)
    page.wait_for_function(
        "() => /^[0-9]+$/.test(document.getElementById('scanner').dataset.roster || '')",
        timeout=60_000,
    )
    return context, page


def main():
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="hoinghi-bench-offline-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SQLITE_PATH=str(tmp / "bench.sqlite3"),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DJANGO_MFA_REQUIRED="0",
        DJANGO_SECRET_KEY="bench-" + secrets_module.token_urlsafe(32),
    )
    seeded = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SEED, str(PEOPLE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    codes, secrets = data["codes"], data["secrets"]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server_env = {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "EMAIL_URL": "console://",
    }
    log = open(tmp / "daphne.log", "wb")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(  # noqa: S603 (as above)
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    video = tmp / "camera.y4m"
    # Several passes in turn (one second each), so the camera keeps scanning.
    write_frames(video, codes[:CAMERA_CODES])
    print(f"Offline door, {PEOPLE} delegates, headless Chromium ({sys.platform})")
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
            context, page = pair(browser, url, secrets[0])
            roster(page)
            camera(context, page, url)
            context.close()
            context, page = pair(browser, url, secrets[1])
            sync(page, codes, tmp / "bench.sqlite3")
            context.close()
            context, page = pair(browser, url, secrets[2])
            online_baseline(page, codes)
            context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def write_frames(path, texts, width=640, height=480):
    """A y4m video (Chromium's fake camera) of one QR per second, in turn."""
    import qrcode

    chroma = b"\x80" * (width * height // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F1:1 Ip A1:1 C420jpeg\n".encode())
        for text in texts:
            matrix = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
            matrix.add_data(text)
            matrix.make(fit=True)
            modules = matrix.get_matrix()
            scale = min(width, height) * 3 // 4 // len(modules)
            left = (width - scale * len(modules)) // 2
            top = (height - scale * len(modules)) // 2
            luma = bytearray(b"\xeb" * (width * height))
            for row, line in enumerate(modules):
                for col, dark in enumerate(line):
                    if dark:
                        for y in range(top + row * scale, top + (row + 1) * scale):
                            start = y * width + left + col * scale
                            luma[start : start + scale] = b"\x10" * scale
            video.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


ROSTER_JS = """async (full) => {
  const token = localStorage.getItem('hoinghi.scanner.token');
  const url = document.getElementById('scanner').dataset.apiRoster;
  const t0 = performance.now();
  if (full) {
    await HoiNghiRoster.refresh(url, token, true);
  } else {
    const r = await fetch(url, {headers: {Authorization: 'Bearer ' + token}, cache: 'no-store'});
    const body = await r.json();
    if (!body.data) throw new Error('no roster');
  }
  return performance.now() - t0;
}"""


def roster(page):
    with_crypto = [page.evaluate(ROSTER_JS, True) for _ in range(5)]
    plain = [page.evaluate(ROSTER_JS, False) for _ in range(5)]
    count = page.evaluate("() => HoiNghiRoster.info().count")
    print(f"\n1. Roster of {count} records, full download")
    print(f"   downloaded + decrypted + stored   {median_ms(with_crypto)}")
    print(f"   baseline: download + JSON only    {median_ms(plain)}")


HIDE_RESULT = "() => { const r = document.getElementById('result'); if (!r.hidden) r.click(); }"


def camera(context, page, url):
    context.grant_permissions(["camera"], origin=url)
    for label, offline in (
        ("offline, decided on the phone", True),
        ("online, decided by the server (baseline)", False),
    ):
        context.set_offline(offline)
        page.reload()
        page.wait_for_function(
            "() => /^[0-9]+$/.test(document.getElementById('scanner').dataset.roster || '')"
        )
        page.evaluate("() => { HoiNghiScanner.timings.length = 0; }")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page.wait_for_timeout(400)
            page.evaluate(HIDE_RESULT)
            if page.evaluate("() => HoiNghiScanner.timings.length") >= 10:
                break
        timings = page.evaluate("() => HoiNghiScanner.timings.slice()")
        decodes = page.evaluate("() => HoiNghiScanner.decodes.slice()")
        print(f"\n2. Camera scan, {label}")
        print(f"   decoded text to result on screen  {median_ms(timings)}")
        print(f"   QR decode of the frame (jsQR)     {median_ms(decodes)}")
    context.set_offline(False)


QUEUED_JS = "(n) => document.getElementById('scanner').dataset.queued === n"
DOUBLES_SQL = (
    "SELECT COUNT(*) FROM (SELECT registration_id FROM events_checkin "
    "WHERE annulled_at IS NULL GROUP BY checkin_list_id, registration_id HAVING COUNT(*) > 1)"
)


def sync(page, codes, db_path):
    people = codes[100 : 100 + QUEUED - DUPLICATES]
    queue = [
        {"nonce": f"bench-{n}", "code": code, "at": 0, "offline_result": "ok"}
        for n, code in enumerate(people)
    ]
    queue += [
        {"nonce": f"bench-dup-{n}", "code": code, "at": 0, "offline_result": "ok"}
        for n, code in enumerate(people[:DUPLICATES])
    ]
    page.context.set_offline(True)
    page.evaluate(
        """(queue) => {
          const now = Date.now();
          queue.forEach(q => { q.at = now - 5000; });
          localStorage.setItem('hoinghi.scanner.queue.device', JSON.stringify(queue));
        }""",
        queue,
    )
    page.reload()
    page.wait_for_function(QUEUED_JS, arg=str(QUEUED))
    started = time.perf_counter()
    page.context.set_offline(False)
    page.wait_for_function(QUEUED_JS, arg="0", timeout=120_000)
    elapsed = time.perf_counter() - started
    with sqlite3.connect(db_path) as db:
        checkins = db.execute(
            "SELECT COUNT(*) FROM events_checkin WHERE nonce LIKE 'bench-%'"
        ).fetchone()[0]
        doubles = db.execute(DOUBLES_SQL).fetchone()[0]
        conflicts = db.execute(
            "SELECT COUNT(*) FROM events_checkinrefusal WHERE result = 'offline_conflict'"
        ).fetchone()[0]
    print(f"\n3. Sync of {QUEUED} queued offline scans ({DUPLICATES} second admissions)")
    print(
        f"   back online to empty queue        {elapsed * 1000:7.0f} ms   check-ins {checkins}"
        f"   double check-ins {doubles}   conflicts {conflicts}"
    )


def online_baseline(page, codes):
    elapsed = page.evaluate(
        """async (codes) => {
          const token = localStorage.getItem('hoinghi.scanner.token');
          const url = document.getElementById('scanner').dataset.apiCheckin;
          const t0 = performance.now();
          for (let i = 0; i < codes.length; i++) {
            const headers = {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'};
            const body = JSON.stringify({code: codes[i], nonce: 'online-' + i});
            const r = await fetch(url, {method: 'POST', headers: headers, body: body});
            await r.json();
          }
          return performance.now() - t0;
        }""",
        codes[2000 : 2000 + QUEUED],
    )
    print(f"   baseline: {QUEUED} online scans, one by one  {elapsed:7.0f} ms")


if __name__ == "__main__":
    main()
