"""The two reads on the hot path of a scan, in plain SQL.

A scan must cost a few milliseconds of server CPU; compiling ORM queries
with joins was most of it. The rows become model instances through
``Model.from_db()``, as the ORM's own do: the columns we did not select are
*deferred* (reading one loads it, ``save()`` leaves it alone) instead of
reading as their defaults.

The column lists below are attribute names of the models' concrete fields;
the SQL takes their column names from ``_meta`` and
tests/events/selectors/test_scan.py checks every list against ``_meta``.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import Model
from django.utils.dateparse import parse_datetime

from events.models import (
    CheckinList,
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    ScannerDevice,
)

# (model, table alias, attribute names) in the order of the SELECT.
DEVICE_COLUMNS = (
    (ScannerDevice, "d", ("id", "name", "conference_id", "checkin_list_id", "last_seen_at")),
    (
        CheckinList,
        "l",
        ("id", "conference_id", "name", "slug", "allow_reentry", "role_limited", "is_main"),
    ),
    (Conference, "c", ("id", "slug", "title")),
)
REGISTRATION_COLUMNS = (
    (
        Registration,
        "r",
        (
            "id",
            "conference_id",
            "status",
            "family_name",
            "middle_name",
            "given_name",
            "title",
            "organization",
            "unit_id",
            "role_id",
            "code",
        ),
    ),
    (MemberUnit, "u", ("id", "name", "short_name")),
    (DelegateRole, "o", ("id", "conference_id", "name", "colour", "counts_toward_quota", "code")),
)

_SQL: dict[str, str] = {}


def select_list(columns) -> str:
    """``alias.column, ...`` for a tuple like DEVICE_COLUMNS."""
    return ", ".join(
        f"{alias}.{model._meta.get_field(name).column}"
        for model, alias, names in columns
        for name in names
    )


def split_row(columns, row) -> list[dict]:
    """One ``{attname: value}`` per model of ``columns``, from a flat row."""
    out, start = [], 0
    for _model, _alias, names in columns:
        out.append(dict(zip(names, row[start : start + len(names)], strict=True)))
        start += len(names)
    return out


def from_row(model: type[Model], values: dict) -> Model:
    """An instance of ``model`` loaded with ``values`` (attname -> raw
    database value), its other fields deferred, as the ORM would build it."""
    fields = [f for f in model._meta.concrete_fields if f.attname in values]
    loaded = [_python_value(f, values[f.attname]) for f in fields]
    return model.from_db(connection.alias, [f.attname for f in fields], loaded)


def _python_value(field, value):
    # A plain cursor skips the backend's converters: SQLite hands back
    # integers for booleans and naive UTC text for datetimes.
    if value is None:
        return None
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return bool(value)
    if internal == "DateTimeField":
        if isinstance(value, str):
            value = parse_datetime(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
    return value


def _device_sql() -> str:
    if "device" not in _SQL:
        _SQL["device"] = (
            # Table and column names come from our models; the value is a parameter.
            f"SELECT {select_list(DEVICE_COLUMNS)} "  # noqa: S608
            f"FROM {ScannerDevice._meta.db_table} d "
            f"JOIN {CheckinList._meta.db_table} l ON l.id = d.checkin_list_id "
            f"JOIN {Conference._meta.db_table} c ON c.id = d.conference_id "
            "WHERE d.token_hash = %s AND d.revoked_at IS NULL"
        )
    return _SQL["device"]


def device_by_token_hash(token_hash: str) -> ScannerDevice | None:
    """The active device with this token hash, its list and conference
    (only the fields a scan needs are loaded; the others are deferred)."""
    with connection.cursor() as cursor:
        cursor.execute(_device_sql(), [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    device_values, list_values, conference_values = split_row(DEVICE_COLUMNS, row)
    device = from_row(ScannerDevice, {**device_values, "token_hash": token_hash})
    device.checkin_list = from_row(CheckinList, list_values)
    device.conference = from_row(Conference, conference_values)
    return device


def _registration_sql() -> str:
    if "registration" not in _SQL:
        _SQL["registration"] = (
            f"SELECT {select_list(REGISTRATION_COLUMNS)} "  # noqa: S608
            f"FROM {Registration._meta.db_table} r "
            f"JOIN {DelegateRole._meta.db_table} o ON o.id = r.role_id "
            f"LEFT JOIN {MemberUnit._meta.db_table} u ON u.id = r.unit_id "
            "WHERE r.code = %s"
        )
    return _SQL["registration"]


def registration_by_code(code: str) -> Registration | None:
    """The registration holding ``code``, with its role and unit names."""
    with connection.cursor() as cursor:
        cursor.execute(_registration_sql(), [code])
        row = cursor.fetchone()
    return _registration_from(row)


def registration_by_manual_code(*, conference_id: int, manual_code: str) -> Registration | None:
    """The registration of the conference with this (normalised) manual code."""
    if "manual" not in _SQL:
        _SQL["manual"] = _registration_sql().replace(
            "WHERE r.code = %s",
            f"WHERE r.{Registration._meta.get_field('conference').column} = %s "
            f"AND r.{Registration._meta.get_field('manual_code').column} = %s",
        )
    with connection.cursor() as cursor:
        cursor.execute(_SQL["manual"], [conference_id, manual_code])
        row = cursor.fetchone()
    return _registration_from(row)


def _registration_from(row) -> Registration | None:
    if row is None:
        return None
    registration_values, unit_values, role_values = split_row(REGISTRATION_COLUMNS, row)
    registration = from_row(Registration, registration_values)
    if unit_values["id"] is not None:
        registration.unit = from_row(MemberUnit, unit_values)
    registration.role = from_row(DelegateRole, role_values)
    return registration
