"""The writes of a scan in plain SQL (see events/selectors/scan.py for why).

``checkin_insert`` uses ``INSERT ... ON CONFLICT DO NOTHING``: a lost race
or a retried nonce returns None instead of raising, so there is no
exception, savepoint or rollback on the busy path (SQLite and PostgreSQL).

On SQLite the threads of one process take turns at these writes
(``_writing``): SQLite admits one writer at a time anyway, and a writer that
finds the database locked sleeps in SQLite's busy handler for 1, 2, 5, 10…
ms before retrying, even when the lock is free again a fraction of a
millisecond later. Queueing on a Python lock instead took the p99 latency of
``bench/checkin_load.py`` from 24-64 ms to 21-28 ms over eight runs each.
"""

import threading
from contextlib import contextmanager
from datetime import datetime

from django.db import connection

from events.models import Checkin, CheckinRefusal, ScannerDevice, User
from events.selectors.scan import from_row, select_list, split_row

# Every column of a check-in but its id; NULL for the annulment columns.
CHECKIN_INSERT_COLUMNS = (
    "registration_id",
    "checkin_list_id",
    "created_at",
    "method",
    "device_id",
    "user_id",
    "nonce",
    "once_only",
    "offline",
    "annulled_at",
    "annulled_by_id",
    "annulled_by_device_id",
)
REFUSAL_INSERT_COLUMNS = (
    "conference_id",
    "checkin_list_id",
    "registration_id",
    "result",
    "raw_code",
    "nonce",
    "method",
    "offline",
    "device_id",
    "user_id",
    "created_at",
)
CONFLICT_COLUMNS = (
    (
        Checkin,
        "c",
        (
            "id",
            "registration_id",
            "checkin_list_id",
            "nonce",
            "created_at",
            "method",
            "device_id",
            "user_id",
            "once_only",
        ),
    ),
    (ScannerDevice, "d", ("id", "name")),
    (User, "u", ("id", "name", "email")),
)

_SQL: dict[str, str] = {}
_SQLITE_WRITER = threading.Lock()


@contextmanager
def _writing():
    """A cursor for one write statement; on SQLite, one thread at a time."""
    # Inside a transaction this thread may already hold SQLite's write lock:
    # waiting for the Python lock then could deadlock with its holder.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with connection.cursor() as cursor:
            yield cursor
        return
    with _SQLITE_WRITER, connection.cursor() as cursor:
        yield cursor


def _columns(model, names) -> str:
    return ", ".join(model._meta.get_field(name).column for name in names)


def _sql(name: str) -> str:
    if not _SQL:
        checkin = Checkin._meta.db_table
        _SQL["insert"] = (
            # Model table and column names; the values are parameters.
            f"INSERT INTO {checkin} ({_columns(Checkin, CHECKIN_INSERT_COLUMNS)}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, NULL) "
            "ON CONFLICT DO NOTHING RETURNING id"
        )
        _SQL["conflict"] = (
            f"SELECT {select_list(CONFLICT_COLUMNS)} "  # noqa: S608
            f"FROM {checkin} c "
            f"LEFT JOIN {ScannerDevice._meta.db_table} d ON d.id = c.device_id "
            f"LEFT JOIN {User._meta.db_table} u ON u.id = c.user_id "
            "WHERE c.checkin_list_id = %s AND (c.nonce = %s OR (c.registration_id = %s "
            "AND c.annulled_at IS NULL AND c.once_only = %s))"
        )
        refusal_columns = _columns(CheckinRefusal, REFUSAL_INSERT_COLUMNS)
        placeholders = ", ".join(["%s"] * len(REFUSAL_INSERT_COLUMNS))
        _SQL["refusal"] = (
            f"INSERT INTO {CheckinRefusal._meta.db_table} ({refusal_columns}) "  # noqa: S608
            f"VALUES ({placeholders})"
        )
    return _SQL[name]


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def checkin_insert(checkin: Checkin) -> bool:
    """Insert ``checkin``; False (and nothing written) on a conflict with an
    active check-in on a once-only list or with an earlier use of the nonce."""
    with _writing() as cursor:
        cursor.execute(
            _sql("insert"),
            [
                checkin.registration_id,
                checkin.checkin_list_id,
                _db_time(checkin.created_at),
                checkin.method,
                checkin.device_id,
                checkin.user_id,
                checkin.nonce,
                checkin.once_only,
                checkin.offline,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    # What Model.save() does after an insert: every field was set by the
    # caller, so the instance is complete and now saved.
    checkin.pk = row[0]
    checkin._state.adding = False
    checkin._state.db = connection.alias
    return True


def checkin_conflicts(*, checkin_list_id: int, nonce: str, registration_id: int) -> list[Checkin]:
    """The check-ins that made an insert fail: same nonce, or the active one."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("conflict"), [checkin_list_id, nonce, registration_id, True])
        rows = cursor.fetchall()
    found = []
    for row in rows:
        checkin_values, device_values, user_values = split_row(CONFLICT_COLUMNS, row)
        checkin = from_row(Checkin, checkin_values)
        if device_values["id"] is not None:
            checkin.device = from_row(ScannerDevice, device_values)
        if user_values["id"] is not None:
            checkin.user = from_row(User, user_values)
        found.append(checkin)
    return found


def refusal_insert(
    *,
    conference_id: int,
    checkin_list_id: int | None,
    registration_id: int | None,
    result: str,
    raw_code: str,
    nonce: str,
    method: str,
    device_id: int | None,
    user_id: int | None,
    at: datetime,
    offline: bool = False,
) -> None:
    with _writing() as cursor:
        cursor.execute(
            _sql("refusal"),
            [
                conference_id,
                checkin_list_id,
                registration_id,
                result,
                raw_code,
                nonce,
                method,
                offline,
                device_id,
                user_id,
                _db_time(at),
            ],
        )
