"""Reading an uploaded XLSX into rows, without trusting the file.

Our own reader, on ``pyexpat``: openpyxl pads every row to the sheet's
declared dimension and builds a whole row before yielding it, and a sheet
can claim ``A1:XFD1048576`` in a few bytes. This one reads the zip's
directory first (entries, uncompressed sizes), refuses DTDs and entities,
skips cells right of the columns we read, never builds the gaps between
rows and counts the elements it parses (limits in ``import_files``). It
reads what an import needs: shared, inline and formula strings, numbers,
booleans and error values; dates come through as Excel's serial number (no
registration column holds a date).
"""

import io
import posixpath
import re
import struct
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _

from events.services.import_files import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_ROWS,
    MAX_SHEET_COLUMNS,
    MAX_XLSX_ELEMENTS,
    MAX_XLSX_ENTRIES,
    MAX_XLSX_MAP_BYTES,
    MAX_XLSX_STRINGS_BYTES,
    MAX_XLSX_UNCOMPRESSED,
    ImportFileError,
    Rows,
    bad_xlsx,
    cell_too_long,
    too_many_file_rows,
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx with a password
_REF = re.compile(r"([A-Za-z]{1,3})(?:[0-9]|$)")
_NUMBER = re.compile(r"-?[0-9]+")


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
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise bad_xlsx() from None
    return _xlsx_rows(archive)


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


def _xlsx_rows(archive: zipfile.ZipFile) -> Rows:
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            raise _too_many_entries()
        if sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED:
            raise _too_big_unpacked()
        try:
            sheet, strings_path = _first_worksheet(archive)
            strings = _shared_strings(archive, strings_path) if strings_path else []
            yield from _sheet_rows(archive, sheet, strings)
        except ImportFileError:
            raise
        except (
            KeyError,
            ValueError,
            IndexError,
            expat.ExpatError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ):
            raise bad_xlsx() from None


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parse(archive: zipfile.ZipFile, path: str, start, end=None, text=None) -> None:
    """Feed one part of the zip to expat in chunks, refusing DTDs and
    counting elements."""

    def refuse(*args):
        raise bad_xlsx()

    count = 0

    def counted(name, attrs):
        nonlocal count
        count += 1
        if count > MAX_XLSX_ELEMENTS:
            raise ImportFileError(
                _(
                    "The workbook holds more than %(n)s pieces of text. "
                    "Copy only the delegates into a new workbook and upload it again."
                )
                % {"n": MAX_XLSX_ELEMENTS},
                "xlsx_too_large",
            )
        start(name, attrs)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = counted
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    with archive.open(path) as stream:
        while chunk := stream.read(65536):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _check_map_size(archive: zipfile.ZipFile, path: str) -> None:
    """The workbook's list of sheets and its relationships are small in any
    file Excel or LibreOffice writes."""
    if archive.getinfo(path).file_size > MAX_XLSX_MAP_BYTES:
        raise bad_xlsx()


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """``{id: (type, path)}`` of a part's relationships."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    found = {}

    def start(tag, attrs):
        if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), path)

    if rels_path in archive.NameToInfo:
        _check_map_size(archive, rels_path)
        _parse(archive, rels_path, start)
    return found


def _first_worksheet(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first worksheet (chartsheets and dialog sheets are skipped) and
    the shared strings' part, if any."""
    package = _relationships(archive, "").values()
    workbook = next(
        (path for kind, path in package if kind.endswith("/officeDocument")), "xl/workbook.xml"
    )
    rels = _relationships(archive, workbook)
    sheet_ids = []

    def start(tag, attrs):
        if _local(tag) == "sheet":
            sheet_ids.extend(value for key, value in attrs.items() if _local(key) == "id")

    _check_map_size(archive, workbook)
    _parse(archive, workbook, start)
    worksheets = [
        rels[rid][1] for rid in sheet_ids if rid in rels and rels[rid][0].endswith("/worksheet")
    ]
    if not worksheets:
        raise ImportFileError(
            _("The workbook has no worksheet with a table (only charts?)."), "no_sheet"
        )
    strings = next((path for kind, path in rels.values() if kind.endswith("/sharedStrings")), None)
    return worksheets[0], strings


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    if archive.getinfo(path).file_size > MAX_XLSX_STRINGS_BYTES:
        raise _too_big_unpacked(MAX_XLSX_STRINGS_BYTES)
    strings: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "phonetic": 0}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(tag):
        tag = _local(tag)
        if tag == "si":
            strings.append("".join(parts))
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            parts.append(data)

    _parse(archive, path, start, end, text)
    return strings


def _column(ref: str) -> int:
    """1 for "A1", 16,384 for "XFD1"; MAX_COLUMNS + 1 for anything wider."""
    match = _REF.match(ref)
    if match is None:
        return MAX_COLUMNS + 1
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + ord(letter) - 64
    return index


def _number(text: str) -> str:
    """As openpyxl reads it: an int unless it has a point or an exponent."""
    try:
        if _NUMBER.fullmatch(text):
            return str(int(text))
        return str(float(text))
    except ValueError:
        return text


class _SheetReader:
    """expat handlers for a worksheet; finished rows pile up in ``ready``."""

    def __init__(self, strings: list[str]):
        self.strings = strings
        self.ready: list[tuple[int, list[str]]] = []
        self.elements = 0
        self.rows = 0
        self.row = 0
        self.col = 0
        self.cells: dict[int, str] = {}
        self.kind = "n"
        self.keep = False
        self.capture = False
        self.phonetic = 0
        self.parts: list[str] = []
        self.size = 0
        self.names: dict[str, str] = {}  # "x:c" -> "c", for the hot loop

    def _learn(self, name: str) -> str:
        local = self.names[name] = name.rpartition(":")[2]
        return local

    def start(self, name, attrs):
        tag = self.names.get(name) or self._learn(name)
        if tag == "c":
            self.elements += 1
            if self.elements > MAX_XLSX_ELEMENTS:
                raise _sheet_too_large()
            ref = attrs.get("r")
            self.col = _column(ref) if ref else self.col + 1
            if self.col > MAX_SHEET_COLUMNS:  # past XFD: not a sheet Excel wrote
                raise bad_xlsx()
            self.keep = self.col <= MAX_COLUMNS
            if self.keep:
                self.kind = attrs.get("t", "n")
                self.parts = []
                self.size = 0
        elif tag == "row":
            self.elements += 1
            self.rows += 1
            if self.elements > MAX_XLSX_ELEMENTS:
                raise _sheet_too_large()
            if self.rows > MAX_FILE_ROWS:
                raise too_many_file_rows()
            number = attrs.get("r", "")
            self.row = int(number) if number.isdigit() and len(number) < 9 else self.row + 1
            self.col = 0
            self.cells = {}
        elif tag == "rPh":
            self.phonetic += 1
        elif tag in ("v", "t") and self.keep and not self.phonetic:
            self.capture = True

    def text(self, data):
        if self.capture:
            self.size += len(data)
            if self.size > MAX_CELL_CHARS:
                raise cell_too_long(self.row)
            self.parts.append(data)

    def end(self, name):
        tag = self.names.get(name) or self._learn(name)
        if tag == "c":
            if self.keep and self.parts:
                self._keep_cell()
        elif tag in ("v", "t"):
            self.capture = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row" and self.cells:
            width = max(self.cells)
            self.ready.append((self.row, [self.cells.get(i, "") for i in range(1, width + 1)]))

    def _keep_cell(self):
        value = self._value("".join(self.parts))
        if len(value) > MAX_CELL_CHARS:
            raise cell_too_long(self.row)
        if value:
            self.cells[self.col] = value

    def _value(self, text: str) -> str:
        match self.kind:
            case "s":
                return self.strings[int(text)]
            case "b":
                return "True" if text.strip() == "1" else "False"
            case "n":
                return _number(text.strip())
            case _:  # inlineStr, str (a formula's text), e (an error), d (ISO date)
                return text


def _sheet_too_large() -> ImportFileError:
    return ImportFileError(
        _(
            "The sheet has more than %(n)s cells. "
            "Copy only the delegates into a new workbook and upload it again."
        )
        % {"n": MAX_XLSX_ELEMENTS},
        "xlsx_too_large",
    )


def _sheet_rows(archive: zipfile.ZipFile, path: str, strings: list[str]) -> Rows:
    reader = _SheetReader(strings)
    parser = expat.ParserCreate()  # no namespace processing: a quarter faster
    parser.buffer_text = True

    def refuse(*args):
        raise bad_xlsx()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    with archive.open(path) as stream:
        while chunk := stream.read(65536):
            parser.Parse(chunk, False)
            yield from reader.ready
            reader.ready.clear()
        parser.Parse(b"", True)
        yield from reader.ready
