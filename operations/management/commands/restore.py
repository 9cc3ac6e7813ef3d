from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by `backup`. Stop web and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current content is replaced"
        )

    def handle(self, *args, path: Path, yes: bool, **options):
        if not yes:
            raise CommandError("restore replaces every row of the database: add --yes to confirm")
        try:
            backups.restore(path=path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {path}; run `python manage.py migrate` if it is older.")
