from django.core.management.base import BaseCommand, CommandError

from events import selectors
from events.selectors import checkin as selectors_checkin
from events.services.checkin_setup import device_issue_token


class Command(BaseCommand):
    help = "Create a paired scanner device and print its bearer token (for headless scanners)."

    def add_arguments(self, parser):
        parser.add_argument("conference", help="the conference's slug")
        parser.add_argument("--name", required=True, help='the device\'s name, e.g. "Gate 1"')
        parser.add_argument("--list", dest="list_slug", help="check-in list slug (default: main)")

    def handle(self, *args, conference, name, list_slug=None, **options):
        found = selectors.conference_get(slug=conference)
        if found is None:
            raise CommandError(f"No conference with slug {conference!r}.")
        checkin_list = None
        if list_slug:
            checkin_list = selectors_checkin.checkin_list_get(conference=found, slug=list_slug)
            if checkin_list is None:
                raise CommandError(f"No check-in list {list_slug!r} in {conference!r}.")
        _device, token = device_issue_token(conference=found, name=name, checkin_list=checkin_list)
        self.stdout.write(token)
