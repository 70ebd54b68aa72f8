"""Registration spreadsheets: the import template and the exports (bytes/str).

Every cell of every sheet we write goes through ``safe_cell`` in ``to_csv``
and ``to_xlsx``: text that a spreadsheet would read as a formula gets a
leading apostrophe (OWASP's advice for CSV injection), and XLSX cells are
written as string cells whatever they start with.
"""

import csv
import io

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from events.exports.columns import CODE_COLUMNS, COLUMNS, EXPORT_EXTRA, Column
from events.models import Conference, Registration


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
    return [[c.vi for c in columns]] + [[_cell(r, c.key) for c in columns] for r in registrations]


# What Excel, LibreOffice and Google Sheets may read as the start of a formula
# (OWASP's list, plus the full-width forms an IME types and a line feed).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """The value as an inert cell: numbers stay numbers, text that could
    start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: list[list[str]]) -> str:
    """CSV text; callers writing a file add a BOM so Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def to_xlsx(rows: list[list[str]], *, title: str = "Đại biểu") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [[safe_cell(value) for value in row] for row in rows]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])

    def cell(value):
        # A string cell, never a formula, whatever the text starts with.
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"
        return written

    widths = [
        max(12, min(50, max(len(str(row[i])) for row in rows) + 2)) for i in range(len(rows[0]))
    ]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    header = []
    for value in rows[0]:
        written = cell(value)
        written.font = Font(bold=True)
        header.append(written)
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


LISTS_SHEET = "Danh mục"
TEMPLATE_ROWS = 500  # rows of the sheet that offer the drop-down lists


def template_xlsx(conference: Conference) -> bytes:
    """The import template as a workbook: the header and examples, and the
    conference's units, roles and forms of address as drop-down lists on
    their columns (from a second sheet, "Danh mục", that the import ignores:
    it reads the first sheet only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from events.names import vietnamese_sorted

    rows = [[safe_cell(value) for value in row] for row in template_rows(conference)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đại biểu"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index in range(1, len(COLUMNS) + 1):
        width = max(len(str(row[index - 1])) for row in rows) + 2
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(45, width))

    units = vietnamese_sorted(
        conference.term.members.values_list("short_name", flat=True), key=lambda name: name
    )
    roles = list(conference.roles.order_by("position").values_list("name", flat=True))
    lists = {"unit": units, "role": roles, "gender": ["Ông", "Bà"]}
    book = workbook.create_sheet(LISTS_SHEET)
    keys = [c.key for c in COLUMNS]
    for list_index, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(list_index)
        book.cell(row=1, column=list_index, value=COLUMNS[keys.index(key)].vi).font = Font(
            bold=True
        )
        for row_index, value in enumerate(values, start=2):
            cell = book.cell(row=row_index, column=list_index, value=safe_cell(value))
            cell.data_type = "s"
        book.column_dimensions[letter].width = max(14, *(len(v) + 2 for v in values))
        if not values:
            continue
        source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=key != "unit",  # a unit may be typed as people write it
            errorTitle=str(COLUMNS[keys.index(key)].label),
            error=_("Choose a value from the list."),
        )
        target = get_column_letter(keys.index(key) + 1)
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
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
