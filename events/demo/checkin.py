"""Demo data for check-in: the main entrance and a signing-ceremony list
(signatories only) for the 2022 conference. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from events.models import Conference
from events.services.checkin import checkin_list_main
from events.services.checkin_setup import checkin_list_create

SIGNING_LIST = "Lễ ký kết giao ước"


def load_checkin_demo(conference_slug: str) -> None:
    conference = Conference.objects.filter(slug=conference_slug).first()
    if conference is None:
        return
    checkin_list_main(conference=conference)
    if not conference.checkin_lists.filter(name=SIGNING_LIST).exists():
        checkin_list_create(
            conference=conference,
            name=SIGNING_LIST,
            roles=list(conference.roles.filter(may_sign=True)),
        )


def demo_door_rehearsal(conference_slug: str, *, now=None) -> Conference | None:
    """Move the demo conference to today (begun an hour ago, over in eight
    hours) so that the door can be rehearsed: a scanner phone wipes the
    roster of a conference that is over (docs/offline.md), and the demo's
    dates are in the past. Its registrations and check-ins are kept."""
    now = now or timezone.now()
    updated = Conference.objects.filter(slug=conference_slug).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8)
    )
    return Conference.objects.get(slug=conference_slug) if updated else None
