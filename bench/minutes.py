"""Render and seal the minutes of the seed meeting (42 people by role, the
agenda, both signatures); print seconds, and in the same run a one-page PDF
through the same renderer and seal (the baseline).

Goal (issue 14): the seed minutes rendered and sealed under 1 s.
Run: .venv/bin/python bench/minutes.py
Uses a throwaway SQLite database (migrated, demo loaded) and a temporary key.
"""

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-minutes-"))
os.environ["SQLITE_PATH"] = str(WORK / "db.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_MFA_REQUIRED", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils.translation import override  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from bench.lib.seal import report, timed, use_temporary_seal  # noqa: E402
from core.pdf import render_html_pdf  # noqa: E402
from events.demo import CONFERENCE_2022, load_demo  # noqa: E402
from events.models import Conference, User  # noqa: E402
from signing import pdf, sealing  # noqa: E402
from signing.audit import RequestMeta  # noqa: E402
from signing.minutes_document import minutes_context  # noqa: E402
from signing.services.minutes import (  # noqa: E402
    minutes_finalise,
    minutes_link_issue,
    minutes_setup,
    minutes_sign,
)
from signing.services.minutes_seal import minutes_signers  # noqa: E402

REPEAT = 5
ONE_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>
<h1>BIÊN BẢN</h1><p>Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm.</p>
<p>Thời gian bắt đầu: 08 giờ 00 phút, ngày 22 tháng 7 năm 2022.</p></body></html>"""


def signature() -> bytes:
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for stroke in range(4):
        draw.line(
            [(40 + s * 45, 120 + ((s * 13 + stroke * 29) % 90) - 45) for s in range(12)],
            fill=(11, 42, 138, 255),
            width=5,
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_minutes():
    call_command("migrate", verbosity=0)
    load_demo()
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    minutes = minutes_finalise(minutes=minutes_setup(conference=conference))
    for signer in minutes_signers(minutes, images=False):
        token = minutes_link_issue(signer=signer)
        minutes_sign(
            token=token,
            png=signature(),
            consent=True,
            seen_text_sha256=minutes.text_sha256,
            meta=RequestMeta(user=User.objects.get(email=signer.email)),
        )
    return minutes


def render_and_seal(minutes) -> bytes:
    context, images = minutes_context(minutes=minutes, signers=minutes_signers(minutes))
    with override("vi"):
        data = pdf.minutes_pdf(context, images)
    return sealing.seal_pdf(data, reason="Biên bản", location=minutes.place)


def one_page() -> bytes:
    data = render_html_pdf(ONE_PAGE, stylesheets=(pdf.MINUTES_CSS_PATH,), strict=True)
    return sealing.seal_pdf(data, reason="Biên bản", location="Bắc Kạn")


def main() -> None:
    use_temporary_seal(WORK)
    minutes = seed_minutes()
    sealed = render_and_seal(minutes)  # warm: fonts, stylesheet, key
    one_page()
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(sealed)).pages)
    ours, ours_cpu, _ = timed(render_and_seal, [(minutes,)] * REPEAT)
    base, base_cpu, _ = timed(one_page, [()] * REPEAT)
    check = sealing.validate_pdf(sealed)
    print(f"seed minutes: {len(sealed) / 1024:.0f} KiB, seal valid {check.valid}, pages {pages}")
    report("minutes", "minutes render+seal", (ours, ours_cpu), (base, base_cpu))


if __name__ == "__main__":
    main()
