"""Registration spreadsheets: the import template and the exports (bytes/str)."""

import csv
import io

from django.conf import settings
from django.urls import reverse

from events.models import Conference, Registration
from events.registration_columns import CODE_COLUMNS, COLUMNS, EXPORT_EXTRA, Column


def pass_link(registration: Registration) -> str:
    """A bearer link to the pass: works without logging in, until reissued."""
    return settings.SITE_URL + reverse("events:pass_by_code", kwargs={"code": registration.code})


def export_columns(*, with_codes: bool = False) -> list[Column]:
    return COLUMNS + EXPORT_EXTRA + (CODE_COLUMNS if with_codes else [])


def _cell(registration: Registration, key: str) -> str:
    r = registration
    match key:
        case "full_name":
            return r.full_name
        case "unit":
            return r.unit.name if r.unit_id else ""
        case "role":
            return r.role.name
        case "gender":
            return {"m": "Ông", "f": "Bà"}.get(r.gender, "")
        case "province":
            return r.unit.province.name if r.unit_id else ""
        case "status":
            return str(r.get_status_display())
        case "pass_link":
            return pass_link(r)
        case _:
            return getattr(r, key)


def export_rows(registrations, *, with_codes: bool = False) -> list[list[str]]:
    columns = export_columns(with_codes=with_codes)
    raw = {"code", "pass_link"}  # machine values, never formulas
    return [[c.vi for c in columns]] + [
        [_cell(r, c.key) if c.key in raw else _safe(_cell(r, c.key)) for c in columns]
        for r in registrations
    ]


def to_csv(rows: list[list[str]]) -> str:
    """CSV text; callers writing a file add a BOM so Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _safe(cell: str) -> str:
    """Defuse spreadsheet formulas in user text (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") and not cell[1:2].isdigit() else cell


def to_xlsx(rows: list[list[str]], *, title: str = "Đại biểu") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    widths = [
        max(12, min(50, max(len(str(row[i])) for row in rows) + 2)) for i in range(len(rows[0]))
    ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    header = []
    for value in rows[0]:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([str(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_rows(conference: Conference) -> list[list[str]]:
    """Header plus two example rows (a unit delegate and a guest)."""
    header = [c.vi for c in COLUMNS]
    unit = conference.term.members.order_by("sort_key").first()
    roles = {r.code: r.name for r in conference.roles.all()}
    examples = [
        [
            "Nguyễn Văn An",
            "Chánh Văn phòng",
            unit.short_name if unit else "",
            "",
            roles.get("office-leader", ""),
            "Ông",
            "an.nguyen@example.vn",
            "0912 345 678",
            "",
        ],
        [
            "Trần Thị Bình",
            "Phóng viên",
            "",
            "Báo Nhân dân",
            roles.get("press", ""),
            "Bà",
            "",
            "",
            "Ăn chay",
        ],
    ]
    return [header] + examples
