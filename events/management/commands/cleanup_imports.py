from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from events.services.import_previews import PREVIEW_MAX_AGE, import_previews_delete_stale


class Command(BaseCommand):
    help = (
        "Delete registration import previews that nobody confirmed or cancelled "
        f"(older than {PREVIEW_MAX_AGE.total_seconds() / 3600:g} hours). Run it from cron."
    )

    def handle(self, *args, **options):
        removed = import_previews_delete_stale()
        self.stdout.write(
            ngettext(
                "Removed %(n)s stale import preview.",
                "Removed %(n)s stale import previews.",
                removed,
            )
            % {"n": removed}
        )
