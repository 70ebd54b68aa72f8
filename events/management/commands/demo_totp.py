from django.core.management.base import BaseCommand

from events.demo.conferences import DEMO_TOTP_SECRET


def demo_totp_code() -> str:
    """The code an authenticator app shows now for the demo's shared secret."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo's organizer and administrator."

    def handle(self, *args, **options):
        self.stdout.write(demo_totp_code())
