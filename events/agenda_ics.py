"""The agenda as an iCalendar file (RFC 5545), one event per item."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from events.models import AgendaItemStatus


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never splitting a letter)."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_ics(*, conference, items: list, version: int) -> bytes:
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0] or "hoinghi"
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hoi nghi//Agenda//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(conference.title)}",
    ]
    location = ", ".join(part for part in (conference.venue, conference.address) if part)
    for item in items:
        if item.status == AgendaItemStatus.SKIPPED:
            continue
        description = "\n".join(part for part in (item.presenter_label, item.notes) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:agenda-{item.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{version}",
            f"DTSTART:{_utc(item.planned_start)}",
            f"DTEND:{_utc(item.planned_end)}",
            f"SUMMARY:{_escape(item.title)}",
            f"LOCATION:{_escape(location)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{_escape(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
