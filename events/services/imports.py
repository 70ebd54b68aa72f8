"""Importing registrations from CSV or XLSX: all rows or none.

``import_parse`` reads a file into rows (or raises ``ImportFileError``;
the limits and the readers live in ``import_files``);
``import_run`` registers every row inside one transaction through
``registration_create`` — the same checks as the forms — and rolls it all
back if any row fails or if it is only a preview.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.exports.columns import COLUMNS, column_for_header, column_label
from events.models import Conference, Gender, Registration, RegistrationStatus
from events.names import fold, split_full_name
from events.services.activity import ActivityMeta, activity_record
from events.services.import_files import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportFileError,
    Rows,
    check_size,
    read_csv,
    too_many_rows,
)
from events.services.import_matching import RoleMatcher, UnitMatcher
from events.services.import_xlsx import read_xlsx
from events.services.registrations import (
    ACTIVE_STATUSES,
    duplicate_error,
    lock_conference,
    member_unit_ids,
    new_manual_code,
    new_pass_code,
    policy_for,
    registration_prepare,
    role_quota_error,
    unit_quota_error,
)

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "ImportFileError",
    "ImportResult",
    "ImportRow",
    "check_size",
    "import_parse",
    "import_run",
]
_GENDERS = {
    fold(word): value
    for words, value in (
        (("Ông", "Ong", "Nam", "Mr", "M", "Male"), Gender.MALE),
        (("Bà", "Nữ", "Ms", "Mrs", "F", "Female"), Gender.FEMALE),
    )
    for word in words
}


@dataclass
class ImportRow:
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    registration: Registration | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow]
    committed: bool = False

    @property
    def errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def import_parse(*, data: bytes, filename: str) -> list[ImportRow]:
    """The file's rows, or ``ImportFileError`` as soon as a limit is passed."""
    check_size(len(data))
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = read_csv(data)
    else:
        raise ImportFileError(
            _("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."), "unsupported_type"
        )
    return _rows(table)


def _rows(table: Rows) -> list[ImportRow]:
    """The first non-blank row is the header; stops reading past the row limit."""
    header = None
    rows = []
    for number, cells in table:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = _header(cells)
            continue
        values = dict.fromkeys((c.key for c in COLUMNS), "")
        values.update(
            {key: cells[i].strip() if i < len(cells) else "" for i, key in enumerate(header) if key}
        )
        rows.append(ImportRow(number=number, values=values))
        if len(rows) > MAX_IMPORT_ROWS:
            raise too_many_rows()
    if header is None:
        raise ImportFileError(_("The file is empty."), "empty")
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."), "empty")
    return rows


def _header(cells: list[str]) -> list[str | None]:
    header = [column_for_header(cell) for cell in cells]
    missing = [c for c in COLUMNS if c.required and c.key not in header]
    if missing:
        raise ImportFileError(
            _("Missing column(s): %(columns)s. Download the template to see the expected headers.")
            % {"columns": ", ".join(f"“{c.vi}”" for c in missing)},
            "missing_column",
        )
    if "unit" not in header and "organization" not in header:
        raise ImportFileError(
            _("The file needs a “Đơn vị” (unit) or a “Cơ quan” (organisation) column."),
            "missing_column",
        )
    return header


def import_run(
    *,
    conference: Conference,
    rows: list[ImportRow],
    commit: bool,
    approve: bool = False,
    created_by=None,
    meta: ActivityMeta | None = None,
) -> ImportResult:
    """Check every row; on ``commit`` with no error, save them all at once.

    Each row goes through ``registration_prepare`` (the forms' field checks);
    duplicates and quotas are checked against a ledger of the conference's
    active registrations plus the rows above it, with the same messages as
    ``registration_create``. Nothing is saved unless every row is valid.
    """
    roles, units = RoleMatcher(conference), UnitMatcher(conference)
    status = RegistrationStatus.APPROVED if approve else RegistrationStatus.PENDING
    result = ImportResult(rows=rows)
    with transaction.atomic():
        if commit:
            lock_conference(conference)
        ledger = _Ledger(conference)
        now = timezone.now()
        for row in rows:
            row.errors, row.registration = [], None
            kwargs = _row_kwargs(row, roles, units)
            if row.errors:
                continue
            registration = Registration(
                conference=conference,
                status=status,
                created_by=created_by,
                code=new_pass_code(),
                manual_code=new_manual_code(),
                code_issued_at=now,
            )
            try:
                registration_prepare(registration, kwargs, member_ids=member_unit_ids(conference))
                ledger.check_and_add(registration)
            except ValidationError as error:
                row.errors += _messages(error)
            else:
                row.registration = registration
        if commit and result.ok:
            Registration.objects.bulk_create([row.registration for row in rows], batch_size=500)
            result.committed = True
            activity_record(
                conference=conference,
                actor=created_by,
                action="registrations.imported",
                data={"rows": len(rows), "approved": approve},
                meta=meta,
            )
    return result


class _Ledger:
    """The conference's active registrations, for duplicate and quota checks
    of many new rows without a query per row."""

    def __init__(self, conference: Conference):
        self.conference = conference
        self.by_email: dict[str, Registration] = {}
        self.by_name: dict[tuple, Registration] = {}
        self.per_unit: Counter = Counter()
        self.per_unit_role: Counter = Counter()
        self.places = {q.unit_id: q.places for q in conference.unit_quotas.all()}
        self.default_places = policy_for(conference).unit_quota
        existing = conference.registrations.filter(status__in=ACTIVE_STATUSES).select_related(
            "unit", "role"
        )
        for registration in existing.order_by("pk"):
            self._add(registration)

    @staticmethod
    def _name_key(r: Registration) -> tuple:
        return (r.search_key, r.unit_id, "" if r.unit_id else r.organization.casefold())

    def _add(self, r: Registration) -> None:
        if r.email:
            self.by_email.setdefault(r.email, r)
        self.by_name.setdefault(self._name_key(r), r)
        if r.unit_id and r.status in ACTIVE_STATUSES:
            self.per_unit_role[(r.unit_id, r.role_id)] += 1
            if r.role.counts_toward_quota:
                self.per_unit[r.unit_id] += 1

    def check_and_add(self, r: Registration) -> None:
        duplicate = self.by_name.get(self._name_key(r)) or (
            self.by_email.get(r.email) if r.email else None
        )
        if duplicate is not None:
            raise duplicate_error(r, duplicate)
        if r.unit_id and r.status in ACTIVE_STATUSES:
            role = r.role
            if (
                role.quota_per_unit is not None
                and self.per_unit_role[(r.unit_id, role.pk)] >= role.quota_per_unit
            ):
                raise role_quota_error(role, r.unit)
            places = self.places.get(r.unit_id, self.default_places)
            if (
                role.counts_toward_quota
                and places is not None
                and self.per_unit[r.unit_id] >= places
            ):
                raise unit_quota_error(r.unit, places, self.per_unit[r.unit_id])
        self._add(r)


def _row_kwargs(row: ImportRow, roles: RoleMatcher, units: UnitMatcher) -> dict:
    v = row.values
    family, middle, given = split_full_name(v.get("full_name", ""))
    kwargs = {
        "family_name": family,
        "middle_name": middle,
        "given_name": given,
        "title": v.get("title", ""),
        "organization": v.get("organization", ""),
        "email": v.get("email", ""),
        "phone": v.get("phone", ""),
        "notes": v.get("notes", ""),
        "unit": None,
    }
    if not given:
        row.errors.append(_row_error("full_name", _("This field is required.")))
    role, problem = roles.match(v.get("role", ""))
    if role is None:
        row.errors.append(_row_error("role", problem))
    kwargs["role"] = role
    if v.get("unit"):
        kwargs["unit"], problem = units.match(v["unit"])
        if kwargs["unit"] is None:
            row.errors.append(_row_error("unit", problem))
    gender = v.get("gender", "")
    kwargs["gender"] = _GENDERS.get(fold(gender), "") if gender else ""
    if gender and not kwargs["gender"]:
        row.errors.append(_row_error("gender", _("Write “Ông” or “Bà”.")))
    return kwargs


def _row_error(key: str, message: str) -> str:
    return f"{column_label(key)}: {message}"


_FIELD_TO_COLUMN = {
    "given_name": "full_name",
    "family_name": "full_name",
    "middle_name": "full_name",
}


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    out = []
    for name, messages in error.message_dict.items():
        key = _FIELD_TO_COLUMN.get(name, name)
        for message in messages:
            out.append(message if name == "__all__" else _row_error(key, message))
    return out
