import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events import selectors
from events.exports.registrations import export_rows, to_csv, to_xlsx
from events.models import RegistrationStatus
from events.selectors import registrations as registration_selectors


class Command(BaseCommand):
    help = "Write the conference's registrations to standard output (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the conference's short name in links")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "--with-codes",
            action="store_true",
            help="add each delegate's check-in code and pass link (keep the output private)",
        )

    def handle(self, *args, slug, format, with_codes, **options):
        conference = selectors.conference_get(slug=slug)
        if conference is None:
            raise CommandError(_("No conference %(slug)s.") % {"slug": slug})
        registrations = registration_selectors.registrations_for_print(
            conference=conference,
            statuses=[s for s in RegistrationStatus.values if s != RegistrationStatus.CANCELLED],
        )
        rows = export_rows(registrations, with_codes=with_codes)
        if format == "csv":
            self.stdout.write(to_csv(rows), ending="")
        else:
            self.stdout.flush()
            stream = getattr(self.stdout, "_out", sys.stdout)
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                raise CommandError(_("XLSX needs a binary standard output; use --format csv."))
            buffer.write(to_xlsx(rows))
            buffer.flush()
