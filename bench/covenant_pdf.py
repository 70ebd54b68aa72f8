"""Render and seal covenants with 7, 34 and 63 signatories, each with a
signature image; print seconds and peak memory, and in the same run the time
of rendering the same HTML with bare WeasyPrint (fresh fonts and CSS, no seal).

Goal (issue 6): 63 signatories rendered and sealed under 1.0 s, and within
1.3x of bare WeasyPrint. Run: DJANGO_DEBUG=1 .venv/bin/python bench/covenant_pdf.py
No database is used; the key and certificate live in a temporary directory.
"""

import gc
import hashlib
import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils.translation import override  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from core import pdf as core_pdf  # noqa: E402
from events.models import MemberUnit  # noqa: E402
from signing import pdf, sealing  # noqa: E402
from signing.demo import BODY, CLOSING, LEGAL_BASES, PREAMBLE  # noqa: E402
from signing.document import document_context  # noqa: E402
from signing.images import clean_signature_png  # noqa: E402
from signing.models import AuditEvent, Ceremony, Signatory  # noqa: E402

SIZES = (7, 34, 63)
REPEAT = 5
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà", "Hội", "Khánh", "Lượng"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
PROVINCES = ["Bắc Giang", "Bắc Kạn", "Phú Thọ", "Hòa Bình", "Thái Nguyên", "Yên Bái", "Lào Cai"]


def signature(seed: int) -> bytes:
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for stroke in range(4):
        points = [
            (40 + step * 45, 120 + ((seed * 7 + step * 13 + stroke * 29) % 90) - 45)
            for step in range(12)
        ]
        draw.line(points, fill=(11, 42, 138, 255), width=5, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build(n: int):
    text = {
        "issuing_body": "CỤM THI ĐUA SỞ NỘI VỤ CÁC TỈNH TRUNG DU VÀ MIỀN NÚI PHÍA BẮC",
        "title": "GIAO ƯỚC THI ĐUA",
        "subtitle": "Năm 2022 của Cụm thi đua",
        "place": "Bắc Kạn",
        "signed_on": "2022-07-22",
        "legal_bases": LEGAL_BASES.splitlines(),
        "preamble": PREAMBLE,
        "body": BODY,
        "closing": CLOSING,
        "language": "vi",
    }
    frozen = json.dumps(text, ensure_ascii=False, sort_keys=True)
    ceremony = Ceremony(
        pk=1,
        public_id="bench-" + "x" * 26,
        frozen_text=frozen,
        text_sha256=hashlib.sha256(frozen.encode()).hexdigest(),
        audit_count=2 * n + 1,
        audit_head="0" * 64,
    )
    now = datetime(2022, 7, 22, 3, 0, tzinfo=UTC)
    signatories, events = [], []
    for i in range(n):
        unit = MemberUnit(pk=i + 1, name=f"Sở Nội vụ tỉnh {PROVINCES[i % 7]} {i + 1}")
        png, _digest = clean_signature_png(signature(i))  # as stored when signed
        deputy = i % 3 == 0
        signatories.append(
            Signatory(
                pk=i + 1,
                unit=unit,
                cluster_role="chair" if i == 0 else "deputy" if i == 1 else "",
                full_name=f"{FAMILY[i % 10]} Văn {GIVEN[(i * 3) % 10]}",
                title="PHÓ GIÁM ĐỐC" if deputy else "GIÁM ĐỐC",
                authority_prefix="KT. GIÁM ĐỐC" if deputy else "",
                signed_at=now,
                mode="kiosk",
                signature_png=png,
                signature_sha256=hashlib.sha256(png).hexdigest(),
            )
        )
        for kind in ("kiosk_unlocked", "signed"):
            events.append(
                AuditEvent(seq=len(events) + 1, kind=kind, at=now, hash="a" * 64, user_email="x@y")
            )
    return ceremony, signatories, events


def ours(ceremony, signatories, events) -> bytes:
    context, images = document_context(ceremony=ceremony, signatories=signatories, events=events)
    with override("vi"):
        html = pdf.covenant_html(context)
    return sealing.seal_pdf(pdf.render_pdf(html, images), reason="Giao ước", location="Bắc Kạn")


def bare(html: str, images: dict) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    base = core_pdf.FONTS_DIR.as_uri() + "/"
    css = CSS(
        string=pdf.CSS_PATH.read_text(),
        base_url=base,
        font_config=fonts,
        url_fetcher=core_pdf.safe_fetcher(),
    )
    return HTML(string=html, base_url=base, url_fetcher=core_pdf.safe_fetcher(images)).write_pdf(
        stylesheets=[css], font_config=fonts
    )


def timed(function, *args) -> float:
    runs = []
    for _ in range(REPEAT):
        gc.collect()  # the same clean start for both sides: less noise
        start = time.perf_counter()
        function(*args)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def peak_mib(function, *args) -> float:
    tracemalloc.start()
    function(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings.SIGNING_KEY_PATH = str(Path(tmp) / "key.pem")
        settings.SIGNING_CERT_PATH = str(Path(tmp) / "cert.pem")
        sealing.create_certificate(
            key_path=Path(settings.SIGNING_KEY_PATH),
            cert_path=Path(settings.SIGNING_CERT_PATH),
            common_name="Bench seal",
            organization="Hội nghị bench",
        )
        ours(*build(3))  # warm up: fonts, stylesheet, key
        print(
            f"{'signatories':>11} {'ours s':>8} {'bare s':>8} {'ratio':>6} "
            f"{'peak MiB':>9} {'pages':>5} {'size KiB':>8}  valid"
        )
        for n in SIZES:
            ceremony, signatories, events = build(n)
            context, images = document_context(
                ceremony=ceremony, signatories=signatories, events=events
            )
            with override("vi"):
                html = pdf.covenant_html(context)
            ours_s = timed(ours, ceremony, signatories, events)
            bare_s = timed(bare, html, images)
            peak = peak_mib(ours, ceremony, signatories, events)
            sealed = ours(ceremony, signatories, events)
            import pypdf

            pages = len(pypdf.PdfReader(io.BytesIO(sealed)).pages)
            valid = sealing.validate_pdf(sealed).valid
            print(
                f"{n:>11} {ours_s:>8.3f} {bare_s:>8.3f} {ours_s / bare_s:>6.2f} "
                f"{peak:>9.1f} {pages:>5} {len(sealed) / 1024:>8.0f}  {valid}"
            )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load}")
        print(
            f"(median of {REPEAT} runs; ours = render + PAdES seal with cached fonts/CSS; "
            "bare = WeasyPrint with fresh fonts/CSS, no seal)"
        )


if __name__ == "__main__":
    main()
