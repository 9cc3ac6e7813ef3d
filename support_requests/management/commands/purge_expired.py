"""`manage.py purge_expired [--as-of YYYY-MM-DD]`: the daily retention purge, run by hand.

The same service as the scheduled job. `--as-of` runs it as if that day had begun (in the
hospital's time zone), so IT can check what a future run will purge.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from support_requests import services


class Command(BaseCommand):
    help = "Unlink ended support requests past the retention period, and every copy of them."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="run as of the start of this day (YYYY-MM-DD)")

    def handle(self, *args, as_of=None, **options):
        now = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError("--as-of takes a date written YYYY-MM-DD.") from error
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        purged = services.purge_expired(now=now)
        self.stdout.write(f"Purged {purged} ended request{'s' if purged != 1 else ''}.")
