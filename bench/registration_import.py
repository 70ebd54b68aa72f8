"""Import 5,000 delegates from XLSX (preview + commit); render 500 badges;
refuse hostile files.

Each phase runs in its own Python process on a throw-away SQLite database,
so its peak memory (max RSS) is its own. Baselines, same run, same data:
openpyxl reading the same workbook alone, and bare WeasyPrint rendering the
very same badge HTML (no database, no QR generation).

    DJANGO_DEBUG=1 .venv/bin/python bench/registration_import.py
    DJANGO_DEBUG=1 .venv/bin/python bench/registration_import.py hostile  # that part only

The hostile files are the tests' own (tests/events/hostile_files.py): each
is refused with an ImportFileError; the baseline is a normal import of a
small file (50 delegates, preview only) in the same process.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_DELEGATES = 5000
N_BADGES = 500
SLUG = "bench-registration"


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(workdir: Path) -> None:
    """Migrate, create a conference with 7 units, write the 5,000-row XLSX."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from events.exports.columns import COLUMNS
    from events.exports.registrations import to_xlsx
    from events.models import ConferenceKind, ConferenceStatus, Province
    from events.services.clusters import cluster_create, term_create, unit_create
    from events.services.conferences import conference_create

    cluster = cluster_create(name="Cụm thi đua thử", sector="Nội vụ", slug="bench")
    provinces = list(Province.objects.filter(valid_to__isnull=True).order_by("code")[:7])
    units = [
        unit_create(cluster=cluster, name=f"Sở Nội vụ tỉnh {p.name}", short_name=p.name, province=p)
        for p in provinces
    ]
    term = term_create(cluster=cluster, year=2026, chair=units[0], deputy=units[1], members=units)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    conference_create(
        term=term,
        kind=ConferenceKind.OTHER,
        title="Hội nghị đo hiệu năng",
        starts_at=datetime(2026, 3, 20, 8, tzinfo=tz),
        ends_at=datetime(2026, 3, 20, 11, tzinfo=tz),
        venue="Hội trường",
        host_unit=units[0],
        status=ConferenceStatus.PUBLISHED,
        slug=SLUG,
    )
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Quang", "Minh", "Đức", "Thu", "Ngọc", "Hữu"]
    givens = ["An", "Bình", "Cường", "Dũng", "Đông", "Hà", "Hạnh", "Lan", "Ước", "Ánh", "Ơn"]
    roles = ["Chuyên viên thi đua - khen thưởng", "Lãnh đạo Văn phòng", "Phó Giám đốc"]
    rows = [[c.vi for c in COLUMNS]]
    for i in range(N_DELEGATES):
        name = f"{families[i % 10]} {middles[i // 10 % 8]} {givens[i // 80 % 11]} {i}"
        unit = units[i % 7]
        rows.append(
            [
                name,
                "Chuyên viên",
                unit.short_name,
                "",
                roles[i % 3],
                "Ông" if i % 2 else "Bà",
                f"nguoi{i}@example.vn",
                f"09{i:08d}",
                "",
            ]
        )
    (workdir / "delegates.xlsx").write_bytes(to_xlsx(rows))


def phase_openpyxl(workdir: Path) -> dict:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(workdir / "delegates.xlsx", read_only=True, data_only=True)
    n = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return {"seconds": time.perf_counter() - start, "rows": n - 1}


def _import(workdir: Path, commit: bool) -> dict:
    from events.models import Conference
    from events.services.imports import import_parse, import_run

    conference = Conference.objects.get(slug=SLUG)
    start = time.perf_counter()
    rows = import_parse(data=(workdir / "delegates.xlsx").read_bytes(), filename="d.xlsx")
    result = import_run(conference=conference, rows=rows, commit=commit, approve=True)
    seconds = time.perf_counter() - start
    if not result.ok or result.committed != commit:
        raise SystemExit(f"import failed: {[row.errors for row in result.errors[:3]]}")
    return {"seconds": seconds, "rows": len(rows), "saved": conference.registrations.count()}


def phase_preview(workdir: Path) -> dict:
    return _import(workdir, commit=False)


def phase_commit(workdir: Path) -> dict:
    return _import(workdir, commit=True)


def _badge_registrations():
    from events.models import Conference
    from events.selectors import registrations as registration_selectors

    conference = Conference.objects.get(slug=SLUG)
    ids = list(conference.registrations.order_by("pk").values_list("pk", flat=True)[:N_BADGES])
    return conference, registration_selectors.registrations_for_print(
        conference=conference, ids=ids
    )


def phase_badges(workdir: Path) -> dict:
    from events.exports.badges_pdf import badges_pdf

    start = time.perf_counter()
    conference, registrations = _badge_registrations()
    pdf = badges_pdf(conference=conference, registrations=registrations, layout="a4x4")
    seconds = time.perf_counter() - start
    (workdir / "badges.pdf").write_bytes(pdf)
    return {"seconds": seconds, "badges": len(registrations), "pdf_kb": len(pdf) // 1024}


def phase_weasyprint(workdir: Path) -> dict:
    """The same HTML (QR codes included), rendered by bare WeasyPrint."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from core.pdf import STATIC_DIR
    from core.qr import qr_png_data_uri

    conference, registrations = _badge_registrations()
    badges = [{"r": r, "qr": qr_png_data_uri(r.code)} for r in registrations]
    pages = [badges[i : i + 4] for i in range(0, len(badges), 4)]
    html = render_to_string(
        "events/registrations/pdf/badges.html",
        {"conference": conference, "pages": pages, "layout": "a4x4"},
    )
    start = time.perf_counter()
    pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/").write_pdf()
    return {"seconds": time.perf_counter() - start, "pdf_kb": len(pdf) // 1024}


def phase_hostile(workdir: Path) -> dict:
    from events.exports.columns import COLUMNS
    from events.exports.registrations import to_csv
    from events.models import Conference
    from events.services.imports import ImportFileError, import_parse, import_run
    from tests.events.hostile_files import REFUSED

    conference = Conference.objects.get(slug=SLUG)
    unit = conference.term.members.order_by("sort_key").first().short_name
    small = [[c.vi for c in COLUMNS]] + [
        [f"Nguyễn Văn An {i}", "", unit, "", "Phó Giám đốc", "Ông", "", "", ""] for i in range(50)
    ]
    small_csv = to_csv(small).encode()
    start = time.perf_counter()
    result = import_run(
        conference=conference,
        rows=import_parse(data=small_csv, filename="small.csv"),
        commit=False,
    )
    out = {"baseline": time.perf_counter() - start}
    if not result.ok:
        raise SystemExit(f"small import failed: {[row.errors for row in result.errors[:3]]}")
    for name, (build, filename, code, _message) in REFUSED.items():
        data = build()
        start = time.perf_counter()
        try:
            import_parse(data=data, filename=filename)
        except ImportFileError as error:
            if error.code != code:
                raise SystemExit(f"{name}: {error.code}, expected {code}") from None
        else:
            raise SystemExit(f"{name} was not refused")
        out[name] = (time.perf_counter() - start, len(data))
    out["bounded"] = _bounded(unit)
    return out


def _bounded(unit: str) -> dict:
    """Files just under the XLSX limits (openpyxl reads them all), and the
    largest legal sheet: 20,000 delegates in 30 columns."""
    from events.exports.columns import COLUMNS
    from events.exports.registrations import to_xlsx
    from events.services.import_files import MAX_FILE_ROWS, MAX_XLSX_ELEMENTS, MAX_XLSX_STRINGS
    from events.services.imports import ImportFileError, import_parse
    from tests.events import hostile_files as h

    header = [c.vi for c in COLUMNS] + [f"Cột {i}" for i in range(len(COLUMNS), 30)]
    legal = [header] + [
        [f"Nguyễn Văn An {i}", "Chuyên viên", unit, "", "Phó Giám đốc", "Ông"]
        + [f"{i}-{j}" for j in range(6, 30)]
        for i in range(20_000)
    ]
    cells = MAX_XLSX_ELEMENTS - 10_000
    files = {
        "legal 20,000 rows x 30 columns": to_xlsx(legal),
        f"{cells:,} <c/>": h.xlsx(
            h.sheet(("<row>" + "<c/>" * 10_000 + "</row>") * (cells // 10_000))
        ),
        f"{MAX_XLSX_STRINGS - 1_000:,} <si/>": h.xlsx(
            h.sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            strings_xml=f'<sst xmlns="{h._MAIN}">'
            + "<si/>" * (MAX_XLSX_STRINGS - 1_000)
            + "</sst>",
        ),
        f'{MAX_FILE_ROWS - 1_000:,} <row r="1"/>': h.one_row_number_repeated(MAX_FILE_ROWS - 1_000),
    }
    out = {}
    for name, data in files.items():
        start = time.perf_counter()
        try:
            result = f"{len(import_parse(data=data, filename='d.xlsx'))} rows"
        except ImportFileError as error:
            result = error.code
        out[name] = (time.perf_counter() - start, len(data), result)
    return out


PHASES = {
    "setup": setup,
    "openpyxl": phase_openpyxl,
    "preview": phase_preview,
    "commit": phase_commit,
    "weasyprint": phase_weasyprint,
    "badges": phase_badges,
    "hostile": phase_hostile,
}


def child(name: str, workdir: Path) -> None:
    _django()
    result = PHASES[name](workdir) or {}
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def run(name: str, workdir: Path, env: dict) -> dict:
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, name, str(workdir)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"phase {name} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_hostile(r: dict) -> None:
    print("Hostile files refused by import_parse (one process, tests' own files)")
    print(f"  baseline: a 50-row CSV, parse + preview {r['baseline']:6.3f} s")
    for name, value in r.items():
        if name not in ("baseline", "peak_mb", "bounded"):
            seconds, size = value
            print(f"  {name:<36} {seconds:6.3f} s  ({size / 1024:7.1f} KB file)")
    print(f"  peak RSS of the whole phase {r['peak_mb']:5.0f} MB   goal: each under 2 s")
    print("Read to the end (just under the XLSX limits), and the largest legal sheet")
    for name, (seconds, size, result) in r["bounded"].items():
        print(f"  {name:<36} {seconds:6.3f} s  ({size / 1024:7.1f} KB file) {result}")


def main(only: str | None = None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="1",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        EMAIL_URL="locmem://",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    names = [only] if only else [name for name in PHASES if name != "setup"]
    try:
        run("setup", workdir, env)
        r = {name: run(name, workdir, env) for name in names}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if only:
        print_hostile(r["hostile"])
        return
    total = r["preview"]["seconds"] + r["commit"]["seconds"]
    print(f"Import of {N_DELEGATES:,} delegates from XLSX (SQLite, one process per phase)")
    print(
        f"  baseline: openpyxl read alone   {r['openpyxl']['seconds']:6.2f} s  "
        f"peak RSS {r['openpyxl']['peak_mb']:5.0f} MB"
    )
    for name in ("preview", "commit"):
        print(
            f"  {name:<31} {r[name]['seconds']:6.2f} s  peak RSS {r[name]['peak_mb']:5.0f} MB  "
            f"({r[name]['seconds'] / r['openpyxl']['seconds']:.1f}× baseline)"
        )
    print(f"  preview + commit                {total:6.2f} s  (goal: under 10 s)")
    print(f"Badges for {N_BADGES} delegates, four per A4 ({r['badges']['pdf_kb']} KB PDF)")
    print(
        f"  baseline: bare WeasyPrint, same HTML {r['weasyprint']['seconds']:6.2f} s  "
        f"peak RSS {r['weasyprint']['peak_mb']:5.0f} MB"
    )
    print(
        f"  badges_pdf (query + QR + render)     {r['badges']['seconds']:6.2f} s  "
        f"peak RSS {r['badges']['peak_mb']:5.0f} MB  "
        f"({r['badges']['seconds'] / r['weasyprint']['seconds']:.2f}× baseline)"
    )
    print("  goal: under 15 s and under 500 MB")
    print_hostile(r["hostile"])


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], Path(sys.argv[2]))
    else:
        main(only="hostile" if sys.argv[1:] == ["hostile"] else None)
