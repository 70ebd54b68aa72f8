"""Seal the counting record of a closed suy tôn with 12 candidates and 12
voting units (facts, render, PAdES seal, store; one record per round, so
each run seals a new round); print seconds, and in the same run a one-page
PDF through the same renderer and seal (the baseline).

Goal (issue 13): the close and tally of a vote, sealing its record
included, under 1 s; this is the sealing part.
Run: .venv/bin/python bench/counting_record.py
Uses a throwaway SQLite database (migrated) and a temporary key.
"""

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-counting-"))
os.environ["SQLITE_PATH"] = str(WORK / "db.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_MFA_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.lib.seal import report, timed, use_temporary_seal  # noqa: E402
from core import nd30  # noqa: E402
from core.pdf import render_html_pdf  # noqa: E402
from events.services.decisions import counting_member_add  # noqa: E402
from signing import sealing  # noqa: E402
from signing.services.counting_seal import counting_record_seal  # noqa: E402
from tests.signing.counting.conftest import closed_poll, make_room  # noqa: E402

REPEAT = 5
ONE_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>
<h1>BIÊN BẢN KIỂM PHIẾU</h1><p>Suy tôn đơn vị đề nghị Cờ thi đua của Chính phủ.</p></body></html>"""


def new_round(room):
    poll = closed_poll(
        room,
        kind="award",
        title="Suy tôn đơn vị đề nghị Bằng khen của Thủ tướng Chính phủ",
        max_choices=12,
        quota=3,
        yes=lambda i, line: line.position <= i + 1,
    )
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
    return poll


def one_page() -> bytes:
    data = render_html_pdf(ONE_PAGE, stylesheets=(nd30.STYLESHEET,), strict=True)
    return sealing.seal_pdf(data, reason="Biên bản kiểm phiếu", location="Bắc Kạn")


def main() -> None:
    use_temporary_seal(WORK)
    call_command("migrate", verbosity=0)
    room = make_room(units=12)
    counting_record_seal(poll=new_round(room))  # warm: fonts, stylesheets, key
    one_page()
    polls = [(new_round(room),) for _ in range(REPEAT)]
    ours, ours_cpu, records = timed(lambda poll: counting_record_seal(poll=poll), polls)
    base, base_cpu, _pages = timed(one_page, [()] * REPEAT)
    from pypdf import PdfReader

    with records[0].pdf.open("rb") as handle:
        data = handle.read()
    check = sealing.validate_pdf(data)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(
        f"counting record, 12 candidates: {len(data) / 1024:.0f} KiB, pages {pages}, "
        f"seal valid {check.valid}"
    )
    report("record", "facts+render+seal+store", (ours, ours_cpu), (base, base_cpu))


if __name__ == "__main__":
    main()
