from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from events import selectors
from events.selectors.passes import conference_pass_keys
from events.services.pass_keys import pass_key_retire, pass_key_rotate


class Command(BaseCommand):
    help = (
        "Rotate a conference's pass signing key (new passes get the new key; "
        "earlier ones keep verifying), or retire an old key with --retire KID."
    )

    def add_arguments(self, parser):
        parser.add_argument("--conference", required=True, help="the conference's slug")
        parser.add_argument(
            "--retire", metavar="KID", help="retire this (inactive) key instead of rotating"
        )
        parser.add_argument("--list", action="store_true", help="only list the keys")

    def handle(self, *args, conference, retire=None, list=False, **options):
        found = selectors.conference_get(slug=conference)
        if found is None:
            raise CommandError(f"No conference with slug {conference!r}.")
        try:
            if retire:
                pass_key_retire(conference=found, kid=retire)
            elif not list:
                pass_key_rotate(conference=found)
        except DomainError as error:
            raise CommandError(error.text) from error
        for position, key in enumerate(conference_pass_keys(found)):
            state = "retired" if key["retired"] else ("active" if position == 0 else "verifies")
            self.stdout.write(f"{key['kid']}  {state}  {key['public_key']}")
