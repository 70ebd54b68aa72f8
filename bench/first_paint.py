"""First contentful paint of the delegate's and the door's phone pages on a
throttled "slow 3G" line, against a static page in the same run.

    .venv/bin/python bench/first_paint.py [--runs 3] [--profile slow-3g|fast-3g|both]

Serves the demo (a throw-away SQLite database, ``load_demo``) with daphne,
and drives Chromium at 360 by 740 px through Playwright. Each run opens a new
browser context (cold cache), then Chrome DevTools' own "Slow 3G" profile
through CDP ``Network.emulateNetworkConditions``: 2,000 ms round trip,
50 KB/s down and up (and, for comparison, its "Fast 3G": 563 ms, 180 KB/s).
Measured for each page: first contentful paint (the ``paint`` performance
entry), the load event, and the bytes transferred.

Pages: the delegate's pass (``/pass/<code>/``), the live agenda, and the
check-in scanner (staff logged in before the line is throttled).
Baseline, same run, same line: the pass page's very HTML and its static
files saved to a folder and served by Python's ``http.server`` — the same
bytes with no Django, no database and no session behind them.

A figure, not a test: nothing is asserted. The goal is under 3 s.
"""

import argparse
import functools
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts): bytes/s, ms.
PROFILES = {
    "slow-3g": {
        "offline": False,
        "latency": 400 * 5,
        "downloadThroughput": 500 * 1000 / 8 * 0.8,
        "uploadThroughput": 500 * 1000 / 8 * 0.8,
    },
    "fast-3g": {
        "offline": False,
        "latency": 150 * 3.75,
        "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
        "uploadThroughput": 750 * 1000 / 8 * 0.9,
    },
}
FCP = """() => new Promise(resolve => {
  const done = () => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    resolve({fcp: paint ? paint.startTime : null, load: nav ? nav.loadEventEnd : null});
  };
  if (performance.getEntriesByName('first-contentful-paint').length) done();
  else new PerformanceObserver(done).observe({type: 'paint', buffered: true});
})"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(db: Path) -> dict:
    env = dict(os.environ)
    env.update(
        SQLITE_PATH=str(db),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_MFA_REQUIRED="0",
        EMAIL_URL="console://",
    )
    return env


def _manage(env, *args) -> str:
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _serve_app(env) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (our own server command)
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
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("daphne did not start")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _static_copy(base: str, path: str, folder: Path) -> str:
    """Save the page's HTML and every /static/ file it names; serve the folder."""
    html = urllib.request.urlopen(base + path).read().decode()  # noqa: S310 (our own server)
    for asset in sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))):
        target = folder / asset.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(urllib.request.urlopen(base + asset).read())  # noqa: S310
    (folder / "page.html").write_text(html, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/page.html"


def _measure(browser, url: str, *, profile: dict, login=None) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    if login:
        login(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", profile)
    sizes = []
    cdp.on("Network.loadingFinished", lambda e: sizes.append(e.get("encodedDataLength", 0)))
    page.goto(url, wait_until="load", timeout=120_000)
    timing = page.evaluate(FCP)
    context.close()
    return {**timing, "bytes": sum(sizes)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", choices=[*PROFILES, "both"], default="both")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = _env(tmp / "bench.sqlite3")
        print("migrate + load_demo …", flush=True)
        _manage(env, "migrate", "-v0")
        _manage(env, "load_demo")
        code = _manage(
            env,
            "shell",
            "-c",
            "from events.models import Registration; "
            "print(Registration.objects.filter(status='approved').order_by('pk')[0].code)",
        ).split()[-1]
        slug = "so-ket-2022-trung-du-mien-nui"
        process, base = _serve_app(env)
        try:
            baseline = _static_copy(base, f"/pass/{code}/", tmp / "static-copy")

            def staff_login(page):
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=login]", "checkin@hoinghi.example")
                page.fill("input[name=password]", "hoinghi-demo")
                page.click("form[action$='/accounts/login/'] button[type=submit]")
                page.wait_for_load_state()

            pages = [
                ("static copy of the pass page (baseline)", baseline, None),
                ("delegate's pass", f"{base}/pass/{code}/", None),
                ("live agenda", f"{base}/c/{slug}/agenda/", None),
                ("check-in scanner", f"{base}/c/{slug}/checkin/scan/", staff_login),
            ]
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                names = list(PROFILES) if args.profile == "both" else [args.profile]
                for name in names:
                    profile = PROFILES[name]
                    print(
                        f"\n{name}: {profile['latency']:.0f} ms RTT, "
                        f"{profile['downloadThroughput'] / 1000:.0f} KB/s down; 360x740, "
                        f"cold cache, median of {args.runs} runs"
                    )
                    print(f"{'page':42} {'FCP':>7} {'min':>7} {'max':>7} {'load':>8} {'KB':>7}")
                    for label, url, login in pages:
                        runs = [
                            _measure(browser, url, profile=profile, login=login)
                            for _ in range(args.runs)
                        ]
                        fcps = [r["fcp"] for r in runs if r["fcp"] is not None]
                        loads = [r["load"] for r in runs if r["load"]]
                        print(
                            f"{label:42} {statistics.median(fcps) / 1000:6.2f}s "
                            f"{min(fcps) / 1000:6.2f}s {max(fcps) / 1000:6.2f}s "
                            f"{statistics.median(loads) / 1000:7.2f}s "
                            f"{statistics.median(r['bytes'] for r in runs) / 1024:7.1f}",
                            flush=True,
                        )
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
