from django.core.management.base import BaseCommand, CommandError

from operations import migration_safety


class Command(BaseCommand):
    help = "Fail if a migration would break the previous release still running during an upgrade."

    def handle(self, *args, **options):
        found = migration_safety.findings()
        for finding in found:
            self.stderr.write(str(finding))
        if found:
            raise CommandError(
                f"{len(found)} backward-incompatible operations (see operations/migration_safety.py)"
            )
        self.stdout.write("Migrations are safe to apply under the previous release.")
