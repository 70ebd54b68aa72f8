"""Create a self-signed key and certificate for sealing PDFs in development."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from signing.sealing import archive_certificate, create_certificate


class Command(BaseCommand):
    help = "Create a self-signed development key and certificate for sealing covenant PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Write key.pem and cert.pem here instead.")
        parser.add_argument("--name", default="Hội nghị development seal")
        parser.add_argument("--organization", default="Hội nghị (development)")
        parser.add_argument("--force", action="store_true", help="Replace existing files.")

    def handle(self, *args, **options):
        if options["dir"]:
            key_path = Path(options["dir"]) / "key.pem"
            cert_path = Path(options["dir"]) / "cert.pem"
        else:
            key_path, cert_path = Path(settings.SIGNING_KEY_PATH), Path(settings.SIGNING_CERT_PATH)
        if (key_path.exists() or cert_path.exists()) and not options["force"]:
            raise CommandError(f"{key_path} or {cert_path} exists; use --force to replace.")
        # Rotation: the old certificate joins the history, so the PDFs it
        # sealed still verify.
        history = Path(options["dir"]) / "history" if options["dir"] else None
        archived = archive_certificate(cert_path, history=history)
        if archived:
            self.stdout.write(f"Kept the previous certificate ({archived[:16]}…) in the history.")
        create_certificate(
            key_path=key_path,
            cert_path=cert_path,
            common_name=options["name"],
            organization=options["organization"],
        )
        self.stdout.write(f"Key: {key_path}\nCertificate: {cert_path}")
