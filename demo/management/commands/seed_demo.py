"""Builds the demo hospital. Idempotent; refuses to run with DEBUG off."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.accounts import PASSWORD
from demo.seed import seed_all


class Command(BaseCommand):
    help = "Create the demo hospital, its people and two years of program history (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with a known password."
            )
        with transaction.atomic():
            summary = seed_all()
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo account's password is {PASSWORD}")
        )
