"""500 pass emails: queued by the service, sent by the real worker
(``manage.py db_worker --batch``, its own process) to a local SMTP sink
(aiosmtpd, tests/smtp_sink.py, in this process).

    DJANGO_DEBUG=1 .venv/bin/python bench/mail_send.py [N]

Figures and their same-run baselines:

- queue: ``mailing_start`` for N approved delegates (recipients, N delivery
  rows, the task row, the activity row, one transaction); baseline: a bare
  ``bulk_create`` of N delivery rows.
- send: deliveries per second between the mailing's start and finish in the
  worker (its process start-up is printed apart); baseline: plain smtplib
  in its own process sending N copies of one of those very messages over
  one connection to the same sink (no rendering, no QR, no database).
- size: the largest pass email on the wire; baseline: its QR PNG alone.

A throw-away SQLite database in a temporary directory; nothing is asserted.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N = int(sys.argv[1]) if len(sys.argv) > 1 else 500

BASELINE_SMTP = """
import smtplib, sys, time
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
raw = open(path, "rb").read()
start = time.perf_counter()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for i in range(n):
        smtp.sendmail("no-reply@hoinghi.example", [f"baseline{i}@so.example"], raw)
print(time.perf_counter() - start)
"""


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    db = workdir / "bench.sqlite3"
    os.environ.update(DJANGO_DEBUG="1", SQLITE_PATH=str(db), EMAIL_URL="locmem://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from tests.smtp_sink import SmtpSink

    call_command("migrate", verbosity=0)
    from core.qr import qr_png_for_email
    from events.models import Delivery, Mailing, Registration
    from events.selectors.passes import pass_qr_payload
    from events.services.mailings import mailing_start
    from tests.factories import ConferenceFactory, RegistrationFactory

    conference = ConferenceFactory(title="Hội nghị ký kết giao ước thi đua năm 2026")
    units = list(conference.term.members.all())
    for i in range(N):
        RegistrationFactory(
            conference=conference,
            full_name=f"Nguyễn Văn Người{i}",
            unit=units[i % len(units)],
            email=f"nguoi{i}@so.example",
        )
    print(f"{N} approved delegates ready in {db}")

    # Baseline: a bare bulk_create of N delivery rows.
    scratch = Mailing.objects.create(conference=conference, kind="pass", key="baseline")
    start = time.perf_counter()
    Delivery.objects.bulk_create(
        [Delivery(mailing=scratch, email=f"n{i}@so.example", name=f"N {i}") for i in range(N)],
        batch_size=500,
    )
    baseline_queue = time.perf_counter() - start
    scratch.delete()

    start = time.perf_counter()
    mailing = mailing_start(conference=conference, kind="pass", key="bench")
    queue = time.perf_counter() - start
    print(f"queue: {N} pass emails queued in {queue * 1000:.0f} ms")
    print(f"  baseline bare bulk_create of {N} rows: {baseline_queue * 1000:.0f} ms")

    with SmtpSink() as sink:
        env = dict(os.environ, EMAIL_URL=f"smtp://127.0.0.1:{sink.port}")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        mailing.refresh_from_db()
        seconds = (mailing.finished_at - mailing.started_at).total_seconds()
        sent = mailing.deliveries.filter(status="sent").count()
        print(
            f"send: {sent} sent by the worker in {seconds:.2f} s = {sent / seconds:.0f}/s"
            f"  (worker process wall time {wall:.2f} s, start-up included)"
        )
        sample = workdir / "message.eml"
        sample.write_bytes(sink.messages[0][1])
        out = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", BASELINE_SMTP, str(sink.port), str(N), str(sample)],
            check=True,
            capture_output=True,
            text=True,
        )
        raw_seconds = float(out.stdout.strip())
        print(
            f"  baseline smtplib, {N} copies of one message, one connection: "
            f"{raw_seconds:.2f} s = {N / raw_seconds:.0f}/s"
        )
        sizes = [len(raw) for _rcpts, raw in sink.messages[:sent]]

    first = Registration.objects.filter(conference=conference).first()
    png = len(qr_png_for_email(pass_qr_payload(first)))
    print(
        f"size: largest pass email {max(sizes) / 1024:.1f} KB (smallest {min(sizes) / 1024:.1f} KB)"
    )
    print(f"  baseline its QR PNG alone: {png / 1024:.1f} KB")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
