from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.demo import CONFERENCE_2022, load_demo
from events.demo.checkin import demo_door_rehearsal
from events.models import Conference


class Command(BaseCommand):
    help = "Create the demo conferences, delegates and accounts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--door-rehearsal",
            action="store_true",
            help=(
                "Move the 2022 demo conference to today, so scanner phones keep its "
                "roster (a phone wipes the roster of a conference that is over)."
            ),
        )

    def handle(self, *args, **options):
        result = load_demo()
        if options["door_rehearsal"]:
            conference = demo_door_rehearsal(CONFERENCE_2022)
            starts, ends = (
                timezone.localtime(conference.starts_at),
                timezone.localtime(conference.ends_at),
            )
            self.stdout.write(
                f"Door rehearsal: {conference.slug} now runs today, "
                f"{starts:%H:%M} to {ends:%H:%M} ({starts:%Z})."
            )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\n  Open {settings.SITE_URL}/\n")
        self.stdout.write(f"  Demo logins (password for all: {result.password})")
        self.stdout.write("  Delegates and liaisons can also use 'Send me a login code':")
        self.stdout.write("  the code is printed in the server's console.\n")
        width = max(len(a.email) for a in result.accounts)
        for account in result.accounts:
            suffix = f"  [{account.conference}]" if account.conference else ""
            self.stdout.write(f"    {account.email:<{width}}  {account.what}{suffix}")
        if settings.MFA_REQUIRED_FOR_ORGANIZERS:
            self.stdout.write(
                "\n  tochuc@ and admin@ also need a second factor (organizers must use one):"
                f"\n  add the secret {result.totp_secret} to an authenticator app, or run"
                "\n  .venv/bin/python manage.py demo_totp  for the current code."
            )
        if Conference.objects.filter(slug=CONFERENCE_2022, ends_at__lt=timezone.now()).exists():
            self.stdout.write(
                "\n  The demo conferences are over, so a paired scanner phone wipes their"
                "\n  roster. To rehearse the door (offline scanner, walk-ins) run"
                "\n  .venv/bin/python manage.py load_demo --door-rehearsal"
            )
        self.stdout.write("")
