from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations import backups


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump custom format, or SQLite's online backup)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: var/backups/)")

    def handle(self, *args, output: Path | None, **options):
        path = output or backups.default_path(settings.VAR_DIR / "backups", connection.vendor)
        try:
            written = backups.backup(path=path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {written}")
