"""The two reads on the hot path of a scan, in plain SQL.

A scan must cost a few milliseconds of server CPU; compiling ORM queries
with joins was most of it. These return ordinary (partially loaded) model
instances, so callers do not notice the difference.
"""

from datetime import UTC

from django.db import connection
from django.utils.dateparse import parse_datetime

from events.models import (
    CheckinList,
    Conference,
    DelegateRole,
    MemberUnit,
    Registration,
    ScannerDevice,
)

_DEVICE_SQL = None
_REGISTRATION_SQL = None


def _device_sql() -> str:
    global _DEVICE_SQL
    if _DEVICE_SQL is None:
        _DEVICE_SQL = (
            # Table names come from our models; the value is a parameter.
            "SELECT d.id, d.name, d.conference_id, d.checkin_list_id, d.last_seen_at, "  # noqa: S608
            "l.name, l.slug, l.allow_reentry, l.role_limited, l.is_main, c.slug, c.title "
            f"FROM {ScannerDevice._meta.db_table} d "
            f"JOIN {CheckinList._meta.db_table} l ON l.id = d.checkin_list_id "
            f"JOIN {Conference._meta.db_table} c ON c.id = d.conference_id "
            "WHERE d.token_hash = %s AND d.revoked_at IS NULL"
        )
    return _DEVICE_SQL


def device_by_token_hash(token_hash: str) -> ScannerDevice | None:
    """The active device with this token hash, its list and conference
    (only the fields a scan needs are loaded)."""
    with connection.cursor() as cursor:
        cursor.execute(_device_sql(), [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    (pk, name, conference_id, list_id, last_seen, list_name, list_slug, reentry, limited) = row[:9]
    device = ScannerDevice(
        id=pk,
        name=name,
        conference_id=conference_id,
        checkin_list_id=list_id,
        token_hash=token_hash,
        last_seen_at=last_seen,
    )
    if isinstance(last_seen, str):  # SQLite may hand raw text to plain cursors
        last_seen = parse_datetime(last_seen)
    if last_seen is not None and last_seen.tzinfo is None:  # SQLite stores UTC, naive
        device.last_seen_at = last_seen.replace(tzinfo=UTC)
    device.checkin_list = CheckinList(
        id=list_id,
        conference_id=conference_id,
        name=list_name,
        slug=list_slug,
        allow_reentry=bool(reentry),
        role_limited=bool(limited),
        is_main=bool(row[9]),
    )
    device.conference = Conference(id=conference_id, slug=row[10], title=row[11])
    device._state.adding = device.checkin_list._state.adding = False
    device.conference._state.adding = False
    return device


def _registration_sql() -> str:
    global _REGISTRATION_SQL
    if _REGISTRATION_SQL is None:
        _REGISTRATION_SQL = (
            "SELECT r.id, r.conference_id, r.status, r.family_name, r.middle_name, "  # noqa: S608
            "r.given_name, r.title, r.organization, r.unit_id, u.name, u.short_name, "
            "r.role_id, o.name, o.colour, o.counts_toward_quota, o.code "
            f"FROM {Registration._meta.db_table} r "
            f"JOIN {DelegateRole._meta.db_table} o ON o.id = r.role_id "
            f"LEFT JOIN {MemberUnit._meta.db_table} u ON u.id = r.unit_id "
            "WHERE r.code = %s"
        )
    return _REGISTRATION_SQL


def registration_by_code(code: str) -> Registration | None:
    """The registration holding ``code``, with its role and unit names."""
    with connection.cursor() as cursor:
        cursor.execute(_registration_sql(), [code])
        row = cursor.fetchone()
    if row is None:
        return None
    registration = Registration(
        id=row[0],
        conference_id=row[1],
        status=row[2],
        family_name=row[3],
        middle_name=row[4],
        given_name=row[5],
        title=row[6],
        organization=row[7],
        unit_id=row[8],
        role_id=row[11],
        code=code,
    )
    if row[8] is not None:
        registration.unit = MemberUnit(id=row[8], name=row[9], short_name=row[10])
        registration.unit._state.adding = False
    registration.role = DelegateRole(
        id=row[11],
        conference_id=row[1],
        name=row[12],
        colour=row[13],
        counts_toward_quota=bool(row[14]),
        code=row[15],
    )
    registration._state.adding = registration.role._state.adding = False
    return registration
