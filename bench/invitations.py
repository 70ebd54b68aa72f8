"""Invitation letters for 34 member units (the post-2025 number of provinces):
all letters as one PDF and all as a ZIP of DOCX; and, in the same run, the
baselines: the same HTML through bare WeasyPrint (fresh fonts and CSS, no
fetcher, no lock), and 34 empty python-docx documents saved.

Goal (issue 14): PDF + DOCX for 34 units under 3 s.
Run: DJANGO_DEBUG=1 .venv/bin/python bench/invitations.py
A temporary SQLite database is created, migrated and deleted.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
_db = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
os.environ["SQLITE_PATH"] = _db.name
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils.translation import override  # noqa: E402

from core import nd30  # noqa: E402
from events.exports import invitations  # noqa: E402
from events.models import Province, StaffRole  # noqa: E402
from events.services.invitations import invitation_setup_update  # noqa: E402
from events.services.registrations import policy_update  # noqa: E402

UNITS = 34
REPEAT = 3


def world():
    from tests.factories import (
        TZ,
        ClusterFactory,
        ClusterTermFactory,
        ConferenceFactory,
        MembershipFactory,
        MemberUnitFactory,
        RegistrationFactory,
    )

    provinces = list(Province.objects.filter(valid_to__isnull=True).order_by("code"))[:UNITS]
    cluster = ClusterFactory()
    units = [MemberUnitFactory(cluster=cluster, province=p) for p in provinces]
    term = ClusterTermFactory(cluster=cluster, chair=units[0], deputy=units[1], members=units)
    conference = ConferenceFactory(term=term)
    roles = {r.code: r for r in conference.roles.all()}
    policy_update(
        conference=conference,
        deadline=datetime(2026, 3, 13, 17, 0, tzinfo=TZ),
        unit_quota=5,
        role_quotas={roles["director"].pk: 1, roles["office-leader"].pk: 2},
    )
    for unit, name in ((units[0], "Nguyễn Quang Đông"), (units[1], "Lê Văn Hội")):
        RegistrationFactory(conference=conference, full_name=name, role_code="chair", unit=unit)
    for unit in units:
        MembershipFactory(conference=conference, role=StaffRole.LIAISON, unit=unit)
    invitation_setup_update(
        conference=conference,
        number="12",
        symbol="GM-SNV",
        issued_on=date(2026, 3, 5),
        place="Phú Thọ",
        parent_body="UBND tỉnh Phú Thọ",
        issuing_body="Sở Nội vụ",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Hoàng Văn Nam",
        contact="bà Hoàng Thị Lan, Văn phòng, 0210 3846 123",
    )
    return conference


def timed(function, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bare_weasyprint(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fonts_dir = (ROOT / "static" / "fonts").as_uri() + "/"
    sheets = [
        CSS(string=path.read_text(encoding="utf-8"), base_url=fonts_dir, font_config=fonts)
        for path in (nd30.STYLESHEET, invitations.CSS_PATH)
    ]
    base = (ROOT / "static").as_uri() + "/"
    return HTML(string=html, base_url=base).write_pdf(stylesheets=sheets, font_config=fonts)


def empty_docx(count: int) -> int:
    from docx import Document

    size = 0
    for _ in range(count):
        out = io.BytesIO()
        Document().save(out)
        size += len(out.getvalue())
    return size


def main():
    call_command("migrate", verbosity=0)
    conference = world()
    invitations.invitation_pdf(conference, conference.term.chair)  # fonts and CSS, once

    pdf_s, pdf = timed(lambda: invitations.invitations_pdf(conference))
    docx_s, archive = timed(lambda: invitations.invitations_docx_zip(conference))
    one_s, _ = timed(lambda: invitations.invitation_pdf(conference, conference.term.chair))

    letters = invitations.letters(conference)
    with_qr = [
        invitations.Letter(**{**x.__dict__, "qr": invitations.qr_png_data_uri(x.link)})
        for x in letters
    ]
    with override("vi"):
        html = render_to_string(
            "documents/invitations/letter.html",
            {"letters": with_qr, "conference_title": conference.title},
        )
    bare_s, _ = timed(lambda: bare_weasyprint(html))
    empty_s, _ = timed(lambda: empty_docx(UNITS))

    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(f"invitations for {UNITS} units (median of {REPEAT}, seconds)")
    print(f"  all letters, one PDF     {pdf_s:6.2f}  ({pages} pages, {len(pdf) / 1024:.0f} KiB)")
    print(f"  all letters, ZIP of DOCX {docx_s:6.2f}  ({len(archive) / 1024:.0f} KiB)")
    print(f"  PDF + DOCX               {pdf_s + docx_s:6.2f}  (goal < 3 s)")
    print(f"  one letter, PDF          {one_s:6.2f}")
    print("baseline, same run")
    print(f"  bare WeasyPrint, same HTML {bare_s:6.2f}  (ratio {pdf_s / bare_s:.2f}x)")
    print(f"  {UNITS} empty python-docx saves {empty_s:6.2f}  (ratio {docx_s / empty_s:.2f}x)")


if __name__ == "__main__":
    try:
        main()
    finally:
        Path(_db.name).unlink(missing_ok=True)
