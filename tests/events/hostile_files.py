"""Small hostile spreadsheets, built byte by byte for the import tests.

Each is a few kilobytes at most; what makes it hostile is what it claims
(a million rows, gigabytes unpacked, thousands of parts) or holds (NUL
bytes, a 200,000-character field, a DTD).
"""

import io
import struct
import zipfile

HEADER = "Họ và tên,Đơn vị,Vai trò\n"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(first_sheet: str, strings_xml: str | None) -> str:
    parts = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    if first_sheet == "chartsheet":
        parts.append(("/xl/chartsheets/sheet1.xml", "chartsheet"))
    if strings_xml is not None:
        parts.append(("/xl/sharedStrings.xml", "sharedStrings"))
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{_CT}.{kind}+xml"/>' for name, kind in parts
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{overrides}</Types>"
    )


def xlsx(
    sheet_xml: str,
    *,
    strings_xml: str | None = None,
    first_sheet: str = "",
    styles_xml: str | None = None,
) -> bytes:
    """A minimal workbook written with ``zipfile``: one sheet (a worksheet
    or a chartsheet placed first, then the worksheet) and optional shared
    strings."""
    sheets = [
        f'<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>'
        for i in range(1, 3 if first_sheet == "chartsheet" else 2)
    ]
    rels = []
    if first_sheet == "chartsheet":
        rels.append(
            f'<Relationship Id="rId1" Type="{_REL}/chartsheet" Target="chartsheets/sheet1.xml"/>'
        )
        rels.append(
            f'<Relationship Id="rId2" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        )
    else:
        rels.append(
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        )
    if strings_xml is not None:
        rels.append(
            f'<Relationship Id="rId9" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(first_sheet, strings_xml))
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{"".join(sheets)}</sheets>'
            "</workbook>",
        )
        rels_xml = f'<Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>'
        archive.writestr("xl/_rels/workbook.xml.rels", rels_xml)
        if first_sheet == "chartsheet":
            archive.writestr("xl/chartsheets/sheet1.xml", f'<chartsheet xmlns="{_MAIN}"/>')
            # Excel gives a chartsheet its drawing; openpyxl fails without rels.
            archive.writestr(
                "xl/chartsheets/_rels/sheet1.xml.rels", f'<Relationships xmlns="{_PKG}"/>'
            )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if strings_xml is not None:
            archive.writestr("xl/sharedStrings.xml", strings_xml)
        if styles_xml is not None:  # openpyxl reads it by name
            archive.writestr("xl/styles.xml", styles_xml)
    return out.getvalue()


def sheet(rows: str, dimension: str = "A1") -> str:
    return (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData>'
        "</worksheet>"
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_and_delegate(unit: str) -> str:
    return (
        f'<row r="1">{inline("A1", "Họ và tên")}{inline("B1", "Đơn vị")}'
        f"{inline('C1', 'Vai trò')}</row>"
        f'<row r="2">{inline("A2", "Trần Văn An")}{inline("B2", unit)}'
        f"{inline('C2', 'specialist')}</row>"
    )


def dimension_bomb(unit: str | None = None) -> bytes:
    """Claims A1:XFD1048576 with one cell in its last row and column."""
    rows = header_and_delegate(unit) if unit else ""
    rows += f'<row r="1048576">{inline("XFD1048576", "x")}</row>'
    return xlsx(sheet(rows, dimension="A1:XFD1048576"))


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size the zip directory gives for ``name``."""
    at = data.rfind(name.encode()) - 46  # the central directory's entry
    assert data[at : at + 4] == b"PK\x01\x02"
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


def sheet_declared_huge() -> bytes:
    """Its sheet claims to unpack to 3 GB."""
    data = xlsx(sheet(header_and_delegate("X")))
    return declare_size(data, "xl/worksheets/sheet1.xml", 3 * 2**30)


def sheet_lying_small() -> bytes:
    """Its sheet claims 10 bytes but unpacks to more."""
    data = xlsx(sheet(header_and_delegate("X")))
    return declare_size(data, "xl/worksheets/sheet1.xml", 10)


def strings_bomb() -> bytes:
    """A real deflate bomb: 17 MB of shared strings in about 17 KB."""
    strings = f'<sst xmlns="{_MAIN}"><si><t>' + " " * (17 * 2**20) + "</t></si></sst>"
    return xlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings_xml=strings)


def long_shared_string() -> bytes:
    strings = f'<sst xmlns="{_MAIN}"><si><t>' + "A" * 20_000 + "</t></si></sst>"
    return xlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings_xml=strings)


def many_strings(n: int = 600_000) -> bytes:
    """300,000 empty shared strings (600,000 elements, 4 MB unpacked)."""
    strings = f'<sst xmlns="{_MAIN}">' + "<si><t/></si>" * (n // 2) + "</sst>"
    return xlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings_xml=strings)


def many_styles(n: int = 150_000) -> bytes:
    """150,000 cell formats in 750 KB unpacked: openpyxl builds an object
    for each (800,000 took 10 s and 500 MB)."""
    styles = f'<styleSheet xmlns="{_MAIN}"><cellXfs>' + "<xf/>" * n + "</cellXfs></styleSheet>"
    return xlsx(sheet(header_and_delegate("X")), styles_xml=styles)


def huge_workbook_xml() -> bytes:
    """A list of sheets of 5 MB: no workbook has one."""
    data = xlsx(sheet(""))
    return declare_size(data, "xl/workbook.xml", 5 * 2**20)


def many_entries(n: int = 5000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(n):
            archive.writestr(f"x/{i}", b"")
    return out.getvalue()


def dense_sheet(rows: int = 130, cells: int = 16_000) -> bytes:
    """Rows of 16,000 empty cells: 2,080,000 cells, 8 MB unpacked."""
    return xlsx(sheet(("<row>" + "<c/>" * cells + "</row>") * rows))


def one_row_number_repeated(n: int = 150_000) -> bytes:
    """150,000 rows all numbered 1: openpyxl never passes ``max_row``."""
    return xlsx(sheet('<row r="1"/>' * n))


def too_wide_row() -> bytes:
    """One row of 20,000 cells, wider than Excel's 16,384 columns."""
    return xlsx(sheet("<row>" + "<c/>" * 20_000 + "</row>"))


def entity_sheet() -> bytes:
    """A sheet with a DTD: the first step of a "billion laughs"."""
    return xlsx(
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
        + sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>')
    )


def only_a_chartsheet() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.create_chartsheet()
    workbook.remove(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_long_field(size: int = 200_000) -> bytes:
    return (HEADER + "A" * size + ",X,specialist\n").encode()


def csv_ten_million_commas() -> bytes:
    return (HEADER + "," * 10_000_000 + "\n").encode()


def csv_nul() -> bytes:
    return (HEADER + "Trần Văn An,X,special\x00ist\n").encode()


def csv_million_rows() -> bytes:
    return (HEADER + "a,b,c\n" * 1_000_000).encode()


def csv_million_blank_lines() -> bytes:
    return (HEADER + "\n" * 1_000_000 + "Trần Văn An,X,specialist\n").encode()


# name: (build the file, its name, the error code, the message in Vietnamese)
REFUSED = {
    "csv_long_field": (
        csv_long_field,
        "ds.csv",
        "cell_too_long",
        "Dòng 2 có một ô dài quá 10000 ký tự.",
    ),
    "csv_field_over_our_limit": (
        lambda: csv_long_field(20_000),
        "ds.csv",
        "cell_too_long",
        "Dòng 2 có một ô dài quá 10000 ký tự.",
    ),
    "csv_ten_million_commas": (
        csv_ten_million_commas,
        "ds.csv",
        "row_too_long",
        "Dòng 2 dài quá 1000000 ký tự.",
    ),
    "csv_nul": (
        csv_nul,
        "ds.csv",
        "bad_csv",
        "Tệp có ký tự NUL ở dòng 2: đây không phải là tệp CSV dạng văn bản. "
        'Trong Excel, hãy lưu dưới dạng "CSV UTF-8 (Comma delimited)".',
    ),
    "csv_million_rows": (
        csv_million_rows,
        "ds.csv",
        "too_many",
        "Mỗi lần chỉ nhập được tối đa 20000 dòng.",
    ),
    "csv_million_blank_lines": (
        csv_million_blank_lines,
        "ds.csv",
        "too_many",
        "Tệp có hơn 100000 dòng, phần lớn để trống. "
        "Hãy chép riêng danh sách đại biểu sang một tệp mới rồi tải lên lại.",
    ),
    "xlsx_dimension_bomb": (
        dimension_bomb,
        "ds.xlsx",
        "empty",
        "Tệp trống.",
    ),
    "xlsx_sheet_declared_3_gb": (
        sheet_declared_huge,
        "ds.xlsx",
        "xlsx_too_large",
        "Khi giải nén, sổ tính này chiếm hơn 64 MB. "
        "Hãy chép riêng danh sách đại biểu sang một sổ tính mới rồi tải lên lại.",
    ),
    "xlsx_shared_strings_bomb": (
        strings_bomb,
        "ds.xlsx",
        "xlsx_too_large",
        "Khi giải nén, sổ tính này chiếm hơn 16 MB. "
        "Hãy chép riêng danh sách đại biểu sang một sổ tính mới rồi tải lên lại.",
    ),
    "xlsx_long_shared_string": (
        long_shared_string,
        "ds.xlsx",
        "cell_too_long",
        "Dòng 1 có một ô dài quá 10000 ký tự.",
    ),
    "xlsx_half_a_million_shared_strings": (
        many_strings,
        "ds.xlsx",
        "xlsx_too_large",
        "Sổ tính chứa hơn 500000 đoạn văn bản. "
        "Hãy chép riêng danh sách đại biểu sang một sổ tính mới rồi tải lên lại.",
    ),
    "xlsx_150_000_styles": (
        many_styles,
        "ds.xlsx",
        "xlsx_too_large",
        "Sổ tính chứa hơn 100000 định dạng và thiết lập khác. "
        "Hãy chép riêng danh sách đại biểu sang một sổ tính mới rồi tải lên lại.",
    ),
    "xlsx_workbook_xml_of_5_mb": (
        huge_workbook_xml,
        "ds.xlsx",
        "bad_xlsx",
        "Không đọc được tệp Excel (.xlsx) này.",
    ),
    "xlsx_sheet_lying_small": (
        sheet_lying_small,
        "ds.xlsx",
        "bad_xlsx",
        "Không đọc được tệp Excel (.xlsx) này.",
    ),
    "xlsx_5000_entries": (
        many_entries,
        "ds.xlsx",
        "xlsx_too_large",
        "Sổ tính này có hơn 1000 thành phần; đây không phải là một danh sách đại biểu.",
    ),
    "xlsx_over_two_million_cells": (
        dense_sheet,
        "ds.xlsx",
        "xlsx_too_large",
        "Trang tính có hơn 2000000 ô. "
        "Hãy chép riêng danh sách đại biểu sang một sổ tính mới rồi tải lên lại.",
    ),
    "xlsx_one_row_number_repeated": (
        one_row_number_repeated,
        "ds.xlsx",
        "too_many",
        "Tệp có hơn 100000 dòng, phần lớn để trống. "
        "Hãy chép riêng danh sách đại biểu sang một tệp mới rồi tải lên lại.",
    ),
    "xlsx_row_wider_than_excel": (  # read up to column 64, the rest skipped
        too_wide_row,
        "ds.xlsx",
        "empty",
        "Tệp trống.",
    ),
    "xlsx_with_a_dtd": (
        entity_sheet,
        "ds.xlsx",
        "bad_xlsx",
        "Không đọc được tệp Excel (.xlsx) này.",
    ),
    "xlsx_only_a_chartsheet": (
        only_a_chartsheet,
        "ds.xlsx",
        "no_sheet",
        "Sổ tính không có trang tính nào chứa bảng (chỉ có biểu đồ?).",
    ),
    "xlsx_that_is_a_csv": (
        lambda: HEADER.encode(),
        "ds.xlsx",
        "bad_xlsx",
        "Không đọc được tệp Excel (.xlsx) này.",
    ),
    "xlsx_that_is_an_xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "ds.xlsx",
        "bad_xlsx",
        "Đây là tệp Excel cũ (.xls) hoặc sổ tính có mật khẩu. "
        "Hãy lưu lại thành sổ tính Excel (.xlsx) không đặt mật khẩu.",
    ),
}
