import json

from django.core.management.base import BaseCommand, CommandError

from events import selectors
from events.services.checkin_transfer import checkins_export


class Command(BaseCommand):
    help = (
        "Write every check-in of a conference, with its nonce, as sealed JSON on "
        "standard output (LAN mode: carry it to the central server, see docs/lan-mode.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--conference", required=True, help="the conference's slug")

    def handle(self, *args, conference, **options):
        found = selectors.conference_get(slug=conference)
        if found is None:
            raise CommandError(f"No conference with slug {conference!r}.")
        data = checkins_export(conference=found)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        self.stderr.write(f"{len(data['checkins'])} check-ins of {found.slug} exported.")
