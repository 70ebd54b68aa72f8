from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events import selectors
from events.services.imports import ImportFileError, import_parse, import_run


class Command(BaseCommand):
    help = "Import registrations from a CSV or XLSX file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the conference's short name in links")
        parser.add_argument("file", help="a .xlsx or .csv (UTF-8) file")
        parser.add_argument("--approve", action="store_true", help="approve everyone imported")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")

    def handle(self, *args, slug, file, approve, dry_run, **options):
        conference = selectors.conference_get(slug=slug)
        if conference is None:
            raise CommandError(_("No conference %(slug)s.") % {"slug": slug})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": file})
        try:
            rows = import_parse(data=path.read_bytes(), filename=path.name)
        except ImportFileError as error:
            raise CommandError(error.message) from None
        result = import_run(conference=conference, rows=rows, commit=not dry_run, approve=approve)
        for row in result.errors:
            for message in row.errors:
                self.stderr.write(_("Row %(n)s: %(error)s") % {"n": row.number, "error": message})
        if result.errors:
            raise CommandError(
                _("%(n)s row(s) with errors; nothing was imported.") % {"n": len(result.errors)}
            )
        if dry_run:
            self.stdout.write(_("%(n)s rows are valid (dry run).") % {"n": len(result.rows)})
        else:
            self.stdout.write(_("Imported %(n)s registrations.") % {"n": len(result.rows)})
