"""Reading an uploaded CSV into rows, and the limits of both readers.

Both readers (CSV here, XLSX in ``import_xlsx``) stream: they yield
``(row number, cells)`` one row at a time, keep at most ``MAX_COLUMNS``
cells of a row, and stop with an ``ImportFileError`` as soon as a limit
is passed, so a small hostile file (a sheet claiming a million rows, a
zip bomb, a 10 MB line of commas) is refused in well under a second
instead of filling the memory.
"""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.errors import DomainError

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
# Rows of the file, blank ones included; past this the file is refused.
MAX_FILE_ROWS = 100_000
# Cells kept per row: the template's nine columns and room for the user's own.
MAX_COLUMNS = 64
# Characters in one cell (the longest registration field, notes, is far shorter).
MAX_CELL_CHARS = 10_000
MAX_ROW_CHARS = 1_000_000  # of a CSV row
# An .xlsx is a zip: its directory is checked before anything is unpacked.
MAX_XLSX_ENTRIES = 1_000
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_XLSX_STRINGS_BYTES = 16 * 1024 * 1024  # xl/sharedStrings.xml is read whole
MAX_XLSX_MAP_BYTES = 4 * 1024 * 1024  # each other XML part: sheet list, styles...
# Start tags of all parts, counted before openpyxl parses any: 20,000 rows of
# 30 cells written by openpyxl hold 1.8 million (openpyxl reads them in 8.5 s).
MAX_XLSX_ELEMENTS = 2_000_000
# Start tags of the shared strings: openpyxl reads them whole, at 13 µs each.
MAX_XLSX_STRINGS = 500_000
# Start tags of the other parts (styles above all): openpyxl builds an object
# for each, 800,000 cell formats took it 10 s and 500 MB.
MAX_XLSX_OTHER_ELEMENTS = 100_000

Rows = Iterator[tuple[int, list[str]]]


class ImportFileError(DomainError):
    """The file as a whole cannot be read (nothing is saved); ``code`` is stable."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code, field="file")
        self.message = message


def check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": round(size / 2**20), "limit": MAX_IMPORT_BYTES // 2**20},
            "too_large",
        )


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("At most %(n)s rows can be imported at once.") % {"n": MAX_IMPORT_ROWS}, "too_many"
    )


def too_many_file_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(n)s rows, most of them empty. "
            "Copy only the delegates into a new file and upload it again."
        )
        % {"n": MAX_FILE_ROWS},
        "too_many",
    )


def cell_too_long(row: int) -> ImportFileError:
    return ImportFileError(
        _("Row %(row)s has a cell longer than %(limit)s characters.")
        % {"row": row, "limit": MAX_CELL_CHARS},
        "cell_too_long",
    )


def bad_xlsx() -> ImportFileError:
    return ImportFileError(_("This is not a readable Excel workbook (.xlsx)."), "bad_xlsx")


# CSV


def read_csv(data: bytes) -> Rows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not in UTF-8 (first bad character on line %(line)s). "
                'In Excel, save it as "CSV UTF-8 (Comma delimited)".'
            )
            % {"line": line},
            "bad_encoding",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(
            _(
                "The file has a NUL character on line %(line)s: it is not a text CSV. "
                'In Excel, save it as "CSV UTF-8 (Comma delimited)".'
            )
            % {"line": line},
            "bad_csv",
        )
    return _csv_rows(text)


def _csv_rows(text: str) -> Rows:
    first_line = text[:65536].split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    number = 0
    fed = 0  # characters of the row being read, so far

    def lines():
        # The csv module builds a whole row before we see it: ten million
        # commas would be a list of ten million cells.
        nonlocal fed
        for line in io.StringIO(text):
            fed += len(line)
            if fed > MAX_ROW_CHARS:
                raise ImportFileError(
                    _("Row %(row)s is longer than %(limit)s characters.")
                    % {"row": number + 1, "limit": MAX_ROW_CHARS},
                    "row_too_long",
                )
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    while True:
        fed = 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):  # the csv module's own 131,072
                raise cell_too_long(number + 1) from None
            raise ImportFileError(
                _("The CSV file cannot be read near line %(line)s.") % {"line": reader.line_num},
                "bad_csv",
            ) from None
        number += 1
        if number > MAX_FILE_ROWS:
            raise too_many_file_rows()
        cells = cells[:MAX_COLUMNS]
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise cell_too_long(number)
        yield number, cells
