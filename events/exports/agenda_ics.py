"""The agenda as an iCalendar file (RFC 5545), one event per item, written
by the ``icalendar`` library (escaping, line folding, UTC times)."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from events.models import AgendaItemStatus


def agenda_ics(*, conference, items: list, version: int) -> bytes:
    """Skipped items are left out; each item keeps its UID across versions and
    ``SEQUENCE`` is the agenda's version, so calendars update in place."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0].split(":")[0] or "hoinghi"
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Hoi nghi//Agenda//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", conference.title)
    location = ", ".join(part for part in (conference.venue, conference.address) if part)
    for item in items:
        if item.status == AgendaItemStatus.SKIPPED:
            continue
        event = Event()
        event.add("uid", f"agenda-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("sequence", version)
        event.add("dtstart", item.planned_start.astimezone(UTC))
        event.add("dtend", item.planned_end.astimezone(UTC))
        event.add("summary", item.title)
        event.add("location", location)
        description = "\n".join(part for part in (item.presenter_label, item.notes) if part)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical(sorted=False)  # properties in the order written above
