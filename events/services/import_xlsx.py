"""Reading an uploaded XLSX into rows, without trusting the file.

openpyxl (read-only, values only) reads the workbook; ``iter_rows`` gets
``max_col`` and ``max_row``, so a sheet claiming ``A1:XFD1048576`` is padded
only up to our limits, and chartsheets are skipped (``worksheets`` lists
worksheets only). openpyxl has no limits of its own, so before it opens
anything we read the zip's directory (entries, uncompressed sizes) and then
stream every part once through ``zipfile``, which refuses a size the
directory under-states (CRC), to:

- refuse a DTD or entity declaration (``defusedxml`` is not installed, so
  openpyxl would hand one to expat) and XML in UTF-16, which the byte
  search could not see;
- count start tags and ``<row>`` tags. This count is the one piece openpyxl
  cannot replace: it builds every element, cells right of ``max_col``
  included, and a part is cheap per byte but dear per element. Measured
  with openpyxl 3.1.5 on this machine: 1,000,000 ``<c/>`` in 6 KB take
  3.9 s; 300,000 empty shared strings in 4 KB take 3.9 s (they are read
  whole before the first row); 1,000,000 ``<row r="1"/>`` in 24 KB take
  6.4 s and 450 MB (the rows never pass ``max_row``, so iterating never
  gets control back); 800,000 ``<xf/>`` in a 4 MB styles part, 10.6 s and
  510 MB. A size cap cannot tell those from a legal sheet: 20,000 rows of
  30 columns written by openpyxl unpack to 31 MB (1.8 million start tags)
  and take 8.5 s to read. So the counts are capped (limits in
  ``import_files``): all start tags, those of the shared strings, those of
  the other parts (styles...), and rows; ``bytes.count`` and one regex per
  64 KB, 0.45 s for that legal sheet.

Counts straddling two chunks may be missed: a few in 64 KB, no matter.
"""

import io
import re
import struct
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, WORKSHEET_TYPE
from openpyxl.xml.functions import fromstring

from events.services.import_files import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_ROWS,
    MAX_XLSX_ELEMENTS,
    MAX_XLSX_ENTRIES,
    MAX_XLSX_MAP_BYTES,
    MAX_XLSX_OTHER_ELEMENTS,
    MAX_XLSX_STRINGS,
    MAX_XLSX_STRINGS_BYTES,
    MAX_XLSX_UNCOMPRESSED,
    ImportFileError,
    Rows,
    bad_xlsx,
    cell_too_long,
    too_many_file_rows,
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx with a password
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_XML = (".xml", ".rels", ".vml")
_READ_ERRORS = (
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    AttributeError,
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


def read_xlsx(data: bytes) -> Rows:
    if data.startswith(_OLE):
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls) or a workbook with a password. "
                "Save it as an Excel workbook (.xlsx) without a password."
            ),
            "bad_xlsx",
        )
    _check_entry_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_parts(archive)
    except ImportFileError:
        raise
    except _READ_ERRORS:
        raise bad_xlsx() from None
    return _xlsx_rows(data)


def _check_entry_count(data: bytes) -> None:
    """Refuse a zip of thousands of entries from its end record, before
    ``zipfile`` builds an object for each one."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        raise bad_xlsx()
    (entries,) = struct.unpack("<H", data[end + 10 : end + 12])
    if entries > MAX_XLSX_ENTRIES:  # 0xFFFF (zip64) is checked again below
        raise _too_many_entries()


def _too_many_entries() -> ImportFileError:
    return ImportFileError(
        _("This workbook has more than %(n)s parts; it is not a delegate list.")
        % {"n": MAX_XLSX_ENTRIES},
        "xlsx_too_large",
    )


def _too_big_unpacked(limit: int = MAX_XLSX_UNCOMPRESSED) -> ImportFileError:
    return ImportFileError(
        _(
            "Unpacked, this workbook would take more than %(limit)s MB. "
            "Copy only the delegates into a new workbook and upload it again."
        )
        % {"limit": limit // 2**20},
        "xlsx_too_large",
    )


def _no_sheet() -> ImportFileError:
    return ImportFileError(
        _("The workbook has no worksheet with a table (only charts?)."), "no_sheet"
    )


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Sizes from the zip's directory, then one streamed pass over each part."""
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise _too_many_entries()
    if sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED:
        raise _too_big_unpacked()
    manifest = archive.getinfo(ARC_CONTENT_TYPES)
    if manifest.file_size > MAX_XLSX_MAP_BYTES:
        raise bad_xlsx()
    _scan(archive, manifest)
    types = {
        part.PartName.lstrip("/"): part.ContentType
        for part in Manifest.from_tree(fromstring(archive.read(manifest))).Override
    }
    if WORKSHEET_TYPE not in types.values():
        # Before openpyxl, which fails on a chartsheet without relationships.
        raise _no_sheet()
    elements = rows = others = 0
    for entry in entries:
        kind = types.get(entry.filename)
        if kind == SHARED_STRINGS and entry.file_size > MAX_XLSX_STRINGS_BYTES:
            raise _too_big_unpacked(MAX_XLSX_STRINGS_BYTES)
        if (
            kind not in (SHARED_STRINGS, WORKSHEET_TYPE)
            and entry.file_size > MAX_XLSX_MAP_BYTES
            and entry.filename.endswith(_XML)
        ):
            # The list of sheets, relationships, styles, properties: small in
            # any file Excel or LibreOffice writes.
            raise bad_xlsx()
        if entry is manifest:
            continue
        tags, row_tags = _scan(archive, entry)
        if kind == SHARED_STRINGS and tags > MAX_XLSX_STRINGS:
            raise ImportFileError(
                _(
                    "The workbook holds more than %(n)s pieces of text. "
                    "Copy only the delegates into a new workbook and upload it again."
                )
                % {"n": MAX_XLSX_STRINGS},
                "xlsx_too_large",
            )
        if kind not in (SHARED_STRINGS, WORKSHEET_TYPE):
            others += tags
            if others > MAX_XLSX_OTHER_ELEMENTS:
                raise ImportFileError(
                    _(
                        "The workbook holds more than %(n)s styles and other settings. "
                        "Copy only the delegates into a new workbook and upload it again."
                    )
                    % {"n": MAX_XLSX_OTHER_ELEMENTS},
                    "xlsx_too_large",
                )
        elements += tags
        rows += row_tags
        if elements > MAX_XLSX_ELEMENTS:
            raise ImportFileError(
                _(
                    "The sheet has more than %(n)s cells. "
                    "Copy only the delegates into a new workbook and upload it again."
                )
                % {"n": MAX_XLSX_ELEMENTS},
                "xlsx_too_large",
            )
        if rows > MAX_FILE_ROWS:
            raise too_many_file_rows()


def _scan(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[int, int]:
    """Start tags and ``<row>`` tags of one part; refuses a DTD and UTF-16."""
    tags = rows = 0
    tail = b""
    with archive.open(entry) as stream:
        head = stream.read(65536)
        if b"\x00" in head[:4] or head.startswith((b"\xff\xfe", b"\xfe\xff")):
            if entry.filename.endswith(_XML):
                raise bad_xlsx()  # UTF-16 or UTF-32: Excel writes UTF-8
            return 0, 0  # an image or other binary part
        chunk = head
        while chunk:
            window = tail + chunk
            if any(mark in window for mark in _DTD):
                raise bad_xlsx()
            tags += chunk.count(b"<") - chunk.count(b"</")
            rows += len(_ROW.findall(chunk))
            tail = chunk[-8:]
            chunk = stream.read(65536)
    return tags, rows


def _xlsx_rows(data: bytes) -> Rows:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _READ_ERRORS:
        raise bad_xlsx() from None
    try:
        if not workbook.worksheets:
            raise _no_sheet()
        # Rows below MAX_FILE_ROWS are not read: openpyxl would pad the gap.
        rows = workbook.worksheets[0].iter_rows(
            min_row=1, max_row=MAX_FILE_ROWS, max_col=MAX_COLUMNS, values_only=True
        )
        for number, values in enumerate(rows, start=1):
            if values.count(None) == len(values):
                continue
            cells = ["" if value is None else str(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:  # empty strings
                continue
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise cell_too_long(number)
            yield number, cells
    except _READ_ERRORS:
        raise bad_xlsx() from None
    finally:
        workbook.close()  # openpyxl's read-only zip
