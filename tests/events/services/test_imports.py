import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from events.exports.registrations import template_rows, to_xlsx
from events.models import RegistrationStatus
from events.names import vietnamese_sorted
from events.services.imports import ImportFileError, import_parse, import_run
from tests.events import hostile_files
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

HEADER_VI = "Họ và tên,Chức vụ,Đơn vị,Vai trò,Email,Điện thoại"


def _csv(conference, lines, header=HEADER_VI, bom=False) -> bytes:
    unit = conference.term.chair.short_name
    text = "\n".join([header, *[line.format(unit=unit) for line in lines]]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def _run(conference, data, filename="ds.csv", commit=True):
    return import_run(
        conference=conference, rows=import_parse(data=data, filename=filename), commit=commit
    )


GOOD = [
    "Nguyễn Văn An,Chánh Văn phòng,{unit},Lãnh đạo Văn phòng,an@example.vn,0912345678",
    "Trần Thị Bình,Chuyên viên,{unit},specialist,,",
]


@pytest.mark.parametrize("bom", [False, True])
def test_import_csv_utf8_with_or_without_bom_commits_all(bom):
    conference = ConferenceFactory()
    result = _run(conference, _csv(conference, GOOD, bom=bom))
    assert result.committed
    names = sorted(conference.registrations.values_list("search_key", flat=True))
    assert names == ["nguyen van an", "tran thi binh"]
    assert set(conference.registrations.values_list("status", flat=True)) == {"pending"}


def test_import_preview_saves_nothing():
    conference = ConferenceFactory()
    result = _run(conference, _csv(conference, GOOD), commit=False)
    assert (result.ok, result.committed, conference.registrations.count()) == (True, False, 0)


def test_import_english_headers_and_semicolons_are_accepted():
    conference = ConferenceFactory()
    data = _csv(
        conference,
        ["Lê Văn Cường;Giám đốc;{unit};director"],
        header="Full name;Title;Unit;Role",
    )
    assert _run(conference, data).committed
    assert conference.registrations.get().title == "Giám đốc"


def test_import_bad_row_saves_nothing_and_names_row_and_field():
    conference = ConferenceFactory()
    lines = GOOD + ["Phạm Văn Dũng,,{unit},Vai trò lạ,dung@example,09"]
    result = _run(conference, _csv(conference, lines))
    assert not result.committed
    assert conference.registrations.count() == 0
    roles = ", ".join(conference.roles.order_by("position").values_list("name", flat=True))
    assert [(row.number, row.errors) for row in result.errors] == [
        (4, [f"Vai trò: Vai trò “Vai trò lạ” không tồn tại. Vai trò phải là một trong: {roles}."])
    ]


def test_import_row_errors_from_the_service_name_the_field():
    conference = ConferenceFactory()
    lines = GOOD + ["Phạm Văn Dũng,,{unit},specialist,dung@example,"]
    result = _run(conference, _csv(conference, lines))
    assert [row.number for row in result.errors] == [4]
    assert result.errors[0].errors[0].startswith("Email: ")
    assert conference.registrations.count() == 0


def test_import_duplicate_inside_the_file_is_an_error():
    conference = ConferenceFactory()
    lines = GOOD + ["Nguyen Van An,,{unit},specialist,,"]
    result = _run(conference, _csv(conference, lines))
    assert [row.number for row in result.errors] == [4]
    assert conference.registrations.count() == 0


def test_import_missing_column_is_refused():
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data="Họ và tên,Đơn vị\nAn,X\n".encode(), filename="a.csv")
    assert excinfo.value.code == "missing_column"
    assert "“Vai trò”" in excinfo.value.message


def test_import_wrong_encoding_is_refused():
    # UTF-16, what Excel writes as "Unicode Text".
    data = "Họ và tên,Vai trò,Đơn vị\nNguyễn Văn An,specialist,X\n".encode("utf-16")
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data=data, filename="a.csv")
    assert excinfo.value.code == "bad_encoding"
    assert "UTF-8" in excinfo.value.message


def test_import_50_mb_file_is_refused():
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data=b"x" * (50 * 1024 * 1024), filename="a.csv")
    assert excinfo.value.code == "too_large"
    assert excinfo.value.message.startswith("Tệp có dung lượng 50 MB")


def test_import_not_an_xlsx_is_refused():
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data=b"PK\x03\x04garbage", filename="a.xlsx")
    assert excinfo.value.code == "bad_xlsx"


def test_import_the_downloaded_xlsx_template_round_trips():
    conference = ConferenceFactory()
    data = to_xlsx(template_rows(conference))
    result = _run(conference, data, filename="mau.xlsx")
    assert result.committed
    assert sorted(r.full_name for r in conference.registrations.all()) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    guest = conference.registrations.get(unit__isnull=True)
    assert (guest.organization, guest.gender, guest.notes) == ("Báo Nhân dân", "f", "Ăn chay")


def test_import_xlsx_with_numbers_and_blank_rows():
    conference = ConferenceFactory()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Đơn vị", "Vai trò", "Điện thoại"])
    sheet.append(["Nguyễn Văn An", conference.term.chair.name, "specialist", "0912345678"])
    sheet.append([None, None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    assert _run(conference, out.getvalue(), filename="x.xlsx").committed
    assert conference.registrations.get().phone == "0912345678"


def test_import_registrations_command_success(tmp_path):
    conference = ConferenceFactory()
    path = tmp_path / "ds.csv"
    path.write_bytes(_csv(conference, GOOD))
    out = io.StringIO()
    call_command("import_registrations", conference.slug, str(path), "--approve", stdout=out)
    assert out.getvalue() == "Đã nhập 2 đại biểu.\n"
    assert set(conference.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.APPROVED
    }


def test_import_registrations_command_failure_prints_rows_and_exits(tmp_path):
    conference = ConferenceFactory()
    path = tmp_path / "ds.csv"
    path.write_bytes(_csv(conference, [*GOOD, "X,,Không có,specialist,,"]))
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_registrations", conference.slug, str(path), stderr=err)
    assert str(excinfo.value) == "1 dòng có lỗi; không nhập gì."
    units = ", ".join(
        vietnamese_sorted(conference.term.members.values_list("short_name", flat=True))
    )
    assert err.getvalue() == (
        "Dòng 4: Đơn vị thành viên: “Không có” không phải là đơn vị thành viên năm nay. "
        f"Đơn vị phải là một trong: {units}.\n"
    )
    assert conference.registrations.count() == 0


def test_import_over_unit_quota_names_the_row_and_saves_nothing():
    from events.services.registrations import policy_update

    conference = ConferenceFactory()
    policy_update(conference=conference, unit_quota=2)
    lines = [*GOOD, "Lê Văn Cường,,{unit},specialist,,"]
    result = _run(conference, _csv(conference, lines))
    unit = conference.term.chair.short_name
    assert [(row.number, row.errors) for row in result.errors] == [
        (
            4,
            [
                f"{unit} đã có 2/2 đại biểu: không thể thêm người nữa. "
                "Hãy rút bớt một người trước, hoặc đề nghị Ban tổ chức thêm chỗ."
            ],
        )
    ]
    assert conference.registrations.count() == 0


def test_import_duplicate_of_an_existing_registration_by_email():
    from tests.factories import RegistrationFactory

    conference = ConferenceFactory()
    RegistrationFactory(conference=conference, full_name="Hoàng Văn Sơn", email="an@example.vn")
    result = _run(conference, _csv(conference, GOOD))
    assert [(row.number, row.errors) for row in result.errors] == [
        (2, [f"Hoàng Văn Sơn ({conference.term.chair.name}) đã được đăng ký với cùng email."])
    ]
    assert conference.registrations.count() == 1


# Hostile files: each is refused with a stable code and a translated message,
# from a few kilobytes, without reading what it only claims to hold.


@pytest.mark.parametrize("name", hostile_files.REFUSED)
def test_import_parse_hostile_file_is_refused_with_code_and_message(name):
    build, filename, code, message = hostile_files.REFUSED[name]
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data=build(), filename=filename)
    assert (excinfo.value.code, excinfo.value.message) == (code, message)


@pytest.mark.parametrize("name", hostile_files.REFUSED)
def test_import_registrations_command_hostile_file_saves_nothing(name, tmp_path):
    conference = ConferenceFactory()
    build, filename, _code, message = hostile_files.REFUSED[name]
    path = tmp_path / filename
    path.write_bytes(build())
    with pytest.raises(CommandError) as excinfo:
        call_command("import_registrations", conference.slug, str(path))
    assert str(excinfo.value) == message
    assert conference.registrations.count() == 0


def test_import_dimension_bomb_with_a_delegate_reads_only_the_delegate():
    conference = ConferenceFactory()
    unit = conference.term.chair.short_name
    rows = import_parse(data=hostile_files.dimension_bomb(unit), filename="ds.xlsx")
    assert [(row.number, row.values["full_name"], row.values["unit"]) for row in rows] == [
        (2, "Trần Văn An", unit)
    ]


def test_import_xlsx_whose_first_sheet_is_a_chartsheet_reads_the_worksheet():
    conference = ConferenceFactory()
    unit = conference.term.chair.short_name
    data = hostile_files.xlsx(
        hostile_files.sheet(hostile_files.header_and_delegate(unit)), first_sheet="chartsheet"
    )
    assert _run(conference, data, filename="ds.xlsx").committed
    assert conference.registrations.get().full_name == "Trần Văn An"


def test_import_xlsx_row_numbers_are_the_sheets_own():
    conference = ConferenceFactory()
    unit = conference.term.chair.short_name
    rows = (
        f'<row r="3">{hostile_files.inline("A3", "Họ và tên")}'
        f"{hostile_files.inline('B3', 'Đơn vị')}{hostile_files.inline('C3', 'Vai trò')}</row>"
        f'<row r="7">{hostile_files.inline("A7", "Trần Văn An")}'
        f"{hostile_files.inline('B7', unit)}{hostile_files.inline('C7', 'Vai trò lạ')}</row>"
    )
    result = _run(conference, hostile_files.xlsx(hostile_files.sheet(rows)), filename="d.xlsx")
    roles = ", ".join(conference.roles.order_by("position").values_list("name", flat=True))
    assert [(row.number, row.errors) for row in result.errors] == [
        (7, [f"Vai trò: Vai trò “Vai trò lạ” không tồn tại. Vai trò phải là một trong: {roles}."])
    ]


def test_import_xlsx_shared_strings_numbers_and_phonetic_runs():
    conference = ConferenceFactory()
    unit = conference.term.chair.short_name
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Họ và tên</t></si><si><t>Đơn vị</t></si><si><t>Vai trò</t></si>"
        "<si><t>Điện thoại</t></si>"
        "<si><r><t>Trần </t></r><r><t>Văn An</t></r><rPh sb='0' eb='2'><t>phonetic</t></rPh></si>"
        f"<si><t>{unit}</t></si><si><t>specialist</t></si></sst>"
    )
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{col}{r}" t="s"><v>{index}</v></c>' for col, index in cells)
        + (f'<c r="D{r}"><v>912345678</v></c>' if r == 2 else "")
        + "</row>"
        for r, cells in (
            (1, (("A", 0), ("B", 1), ("C", 2), ("D", 3))),
            (2, (("A", 4), ("B", 5), ("C", 6))),
        )
    )
    data = hostile_files.xlsx(hostile_files.sheet(rows), strings_xml=strings)
    [row] = import_parse(data=data, filename="d.xlsx")
    assert (row.values["full_name"], row.values["unit"], row.values["phone"]) == (
        "Trần Văn An",
        unit,
        "912345678",
    )


def test_import_xlsx_with_prefixed_namespace_is_read():
    conference = ConferenceFactory()
    unit = conference.term.chair.short_name
    rows = hostile_files.header_and_delegate(unit)
    for tag in ("row", "c", "is", "t"):
        rows = rows.replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}>", f"<x:{tag}>")
        rows = rows.replace(f"</{tag}>", f"</x:{tag}>")
    sheet = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{rows}</x:sheetData></x:worksheet>"
    )
    assert _run(conference, hostile_files.xlsx(sheet), filename="d.xlsx").committed
    assert conference.registrations.get().full_name == "Trần Văn An"


def test_import_xlsx_shared_string_out_of_range_is_refused():
    data = hostile_files.xlsx(
        hostile_files.sheet('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),
        strings_xml='<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    )
    with pytest.raises(ImportFileError) as excinfo:
        import_parse(data=data, filename="d.xlsx")
    assert (excinfo.value.code, excinfo.value.message) == (
        "bad_xlsx",
        "Không đọc được tệp Excel (.xlsx) này.",
    )


def test_import_xlsx_row_of_empty_strings_is_skipped_like_a_blank_row():
    conference = ConferenceFactory()
    inline = hostile_files.inline
    rows = (
        f'<row r="1">{inline("A1", "Họ và tên")}{inline("B1", "Đơn vị")}'
        f"{inline('C1', 'Vai trò')}</row>"
        f'<row r="2">{inline("A2", "")}{inline("B2", "")}</row>'
        f'<row r="3">{inline("A3", "Trần Văn An")}'
        f"{inline('B3', conference.term.chair.short_name)}{inline('C3', 'specialist')}</row>"
    )
    [row] = import_parse(data=hostile_files.xlsx(hostile_files.sheet(rows)), filename="d.xlsx")
    assert (row.number, row.values["full_name"]) == (3, "Trần Văn An")
