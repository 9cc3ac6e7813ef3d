"""Rebuild the dashboard's monthly rollups from every intervention (safe to run at any time)."""

from django.core.management.base import BaseCommand

from reports import services


class Command(BaseCommand):
    help = "Rebuild the reports dashboard's monthly rollups from the interventions (idempotent)."

    def handle(self, *args, **options):
        months = services.rebuild_rollup()
        self.stdout.write(f"Rebuilt the report rollups of {months} months.")
