import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from events.services.checkin_transfer import checkins_import


class Command(BaseCommand):
    help = (
        "Import check-ins exported by checkins_export (LAN mode). All or nothing; "
        "the same file twice counts once; conflicts are listed and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file written by checkins_export ('-': stdin)")
        parser.add_argument("--conference", help="refuse a file of any other conference")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="leave out check-ins of people unknown here (registered on the laptop) "
            "and import the rest; they are listed",
        )

    def handle(self, *args, file, conference=None, dry_run=False, skip_unknown=False, **options):
        try:
            raw = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            report = checkins_import(
                data=data, expect_conference=conference, dry_run=dry_run, skip_unknown=skip_unknown
            )
        except DomainError as error:
            raise CommandError(error.text) from error
        summary = report.as_json()
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
        if report.conflicts:
            raise CommandError(
                f"{len(report.conflicts)} conflict(s): nothing was imported. See the report above."
            )
        verb = "would import" if dry_run else "imported"
        self.stderr.write(
            f"{verb} {report.imported}, annulled {report.annulled}, already there "
            f"{report.already}, admitted here before {len(report.admitted_here)}, "
            f"skipped {len(report.skipped)}."
        )
