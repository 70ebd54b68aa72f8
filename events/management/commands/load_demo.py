from django.conf import settings
from django.core.management.base import BaseCommand

from events.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo conferences, delegates and accounts (safe to run again)."

    def handle(self, *args, **options):
        result = load_demo()
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
        self.stdout.write("")
