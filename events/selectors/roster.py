"""What a paired scanner phone needs to decide a scan without network
(docs/offline.md): per registration the hash of its codes, name, unit, role,
status and whether it is already checked in on the device's list. Nothing
else (no email, phone, notes, code)."""

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from events.models import Checkin, Registration, RetiredCode, ScannerDevice
from events.roster_crypto import Hasher, roster_salt
from events.selectors.passes import conference_pass_keys

# A change committed while the roster was being read is sent again next time.
OVERLAP = timedelta(seconds=5)
# The phone wipes its roster this long after the conference ends.
KEEP_AFTER_END = timedelta(days=1)


def _name(family: str, middle: str, given: str) -> str:
    # Stored names are already clean (NFC, single spaces): see registration_create.
    return " ".join(part for part in (family, middle, given) if part)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def roster_payload(*, device: ScannerDevice, since: int | None = None) -> dict:
    """The roster for ``device``: everything (``since`` None or 0) or what
    changed since the version ``since`` (a delta). ``total`` lets the phone
    notice that a delta left it with a different count (a deletion) and ask
    for everything."""
    now = timezone.now()
    conference = device.conference
    checkin_list = device.checkin_list
    salt = roster_salt(device_id=device.pk, token_hash=device.token_hash)
    hasher = Hasher(salt)
    people = Registration.objects.filter(conference=conference)
    retired = RetiredCode.objects.filter(registration__conference=conference)
    active = Checkin.objects.filter(checkin_list=checkin_list, annulled_at__isnull=True)
    total = people.count() + retired.count()
    full = not since
    if not full:
        after = _from_ms(since) - OVERLAP
        touched = Checkin.objects.filter(checkin_list=checkin_list).filter(
            Q(created_at__gt=after) | Q(annulled_at__gt=after)
        )
        people = people.filter(
            Q(updated_at__gt=after) | Q(pk__in=touched.values("registration_id"))
        )
        retired = retired.filter(retired_at__gt=after)
    rows = people.values_list(
        "pk",
        "code",
        "manual_code",
        "family_name",
        "middle_name",
        "given_name",
        "title",
        "unit__name",
        "organization",
        "role_id",
        "role__name",
        "role__colour",
        "status",
        "sort_key",
    )
    checked = set(active.values_list("registration_id", flat=True))
    records = []
    for row in rows:
        pk, code, manual, family, middle, given, title, unit, org = row[:9]
        role_id, role, colour, status, sort_key = row[9:]
        records.append(
            [
                hasher.code(code),
                hasher.manual(manual),
                _name(family, middle, given),
                unit or org,
                role,
                role_id,
                colour,
                status,
                1 if pk in checked else 0,
                title,
                pk,
                sort_key,
            ]
        )
    for code, family, middle, given, unit, org, role_id, role, colour, key in retired.values_list(
        "code",
        "registration__family_name",
        "registration__middle_name",
        "registration__given_name",
        "registration__unit__name",
        "registration__organization",
        "registration__role_id",
        "registration__role__name",
        "registration__role__colour",
        "registration__sort_key",
    ):
        name, where = _name(family, middle, given), unit or org
        records.append(
            [hasher.code(code), "", name, where, role, role_id, colour, "retired", 0, "", 0, key]
        )
    return {
        "format": "hoinghi-roster/1",
        "conference": {"id": conference.pk, "slug": conference.slug, "title": conference.title},
        "device": {"id": device.pk, "name": device.name},
        "list": {
            "id": checkin_list.pk,
            "slug": checkin_list.slug,
            "name": checkin_list.name,
            "allow_reentry": checkin_list.allow_reentry,
            "role_limited": checkin_list.role_limited,
            "roles": sorted(checkin_list.roles.values_list("pk", flat=True)),
        },
        "version": _ms(now),
        "since": since or 0,
        "full": full,
        "issued_at": _ms(now),
        "expires_at": _ms(conference.ends_at + KEEP_AFTER_END),
        "salt": salt,
        "total": total,
        "fields": [
            "hash",
            "manual_hash",
            "name",
            "unit",
            "role",
            "role_id",
            "role_colour",
            "status",
            "checked_in",
            "title",
            "registration",
            # Vietnamese order (given name first), for the name search offline.
            "sort_key",
        ],
        "records": records,
        # Signed passes (docs/signed-passes.md): a pass issued after this
        # roster is still recognised as genuine offline.
        "keys": conference_pass_keys(conference),
    }
