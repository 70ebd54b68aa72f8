from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.errors import DomainError, error_code
from events.models import Conference, ConferenceStatus
from events.services.mailings import mailing_start


class Command(BaseCommand):
    help = (
        "Queue registration reminders for every published conference whose "
        "deadline is less than --days away: to the liaisons of units that have "
        "registered nobody. Once a day at most per conference; run it from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args, days, **options):
        now = timezone.now()
        conferences = Conference.objects.filter(
            status=ConferenceStatus.PUBLISHED,
            registration_policy__deadline__gt=now,
            registration_policy__deadline__lte=now + timedelta(days=days),
        )
        for conference in conferences:
            # One key per conference and day: a second run the same day finds
            # the first mailing instead of reminding twice.
            key = f"reminder-{timezone.localdate(now).isoformat()}"
            try:
                mailing = mailing_start(conference=conference, kind="reminder", key=key)
            except DomainError as error:
                self.stdout.write(f"{conference.slug}: {error_code(error)}")
            else:
                self.stdout.write(f"{conference.slug}: mailing {mailing.pk}")
