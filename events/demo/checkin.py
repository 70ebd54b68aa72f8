"""Demo data for check-in: the main entrance and a signing-ceremony list
(signatories only) for the 2022 conference. Idempotent."""

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
