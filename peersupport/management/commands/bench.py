"""Times each main page with Django's test client (issue 9): warm-ups, timed runs, query counts.

Run by `make bench` once per data size, with DEBUG off, after `seed_load`. Prints one JSON line per
page (and appends it to --out); `bench_report` turns the lines of all sizes into the table.
"""

import json
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from peersupport.models import User

LIST_BUDGET_MS = 50
DASHBOARD_BUDGET_MS = 200
QUERY_BUDGET = 15
# The intake POST is timed 24 times by one account; the per-person hourly limit (5 by default)
# would turn all but the first few into refusals, so the benchmark lifts it for its own run.
BENCH_RATE_LIMIT_PER_HOUR = 1_000_000


@dataclass(frozen=True)
class Page:
    name: str
    email: str
    url_name: str
    budget_ms: int = LIST_BUDGET_MS
    method: str = "get"


PAGES = [
    Page("triage queue", "central@demo.test", "support_requests:triage"),
    Page("unit queue", "icu-lead@demo.test", "support_requests:unit_queue"),
    Page("assignments", "supporter@demo.test", "support_requests:assigned"),
    Page("request detail", "central@demo.test", "support_requests:detail"),
    Page("roster directory", "manager@demo.test", "roster:directory"),
    Page("coverage", "manager@demo.test", "roster:coverage"),
    Page("training list", "staff@demo.test", "training:index"),
    Page("committees", "manager@demo.test", "committees:index"),
    Page("dashboard", "sponsor@demo.test", "reports:dashboard", DASHBOARD_BUDGET_MS),
    Page("CSV export", "sponsor@demo.test", "reports:export", DASHBOARD_BUDGET_MS),
    Page("intake POST", "staff@demo.test", "support_requests:new", LIST_BUDGET_MS, "post"),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time the main pages at the current data size (DEBUG off); one JSON line per page."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", type=int, required=True, help="the seeded request count, for the report"
        )
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmups", type=int, default=3)
        parser.add_argument("--out", default="")

    def handle(self, *args, size, runs, warmups, out, **options):
        if settings.DEBUG:
            raise CommandError(
                "Run the benchmark with DEBUG off (DEBUG=0): DEBUG keeps every query in memory."
            )
        program = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": BENCH_RATE_LIMIT_PER_HOUR}
        self.stderr.write(
            "bench: REQUEST_RATE_LIMIT_PER_HOUR raised to "
            f"{BENCH_RATE_LIMIT_PER_HOUR} for this run only (the intake POST is timed repeatedly)."
        )
        results = []
        with override_settings(PEERSUPPORT=program):
            for page in PAGES:
                result = self.measure(page, size=size, runs=runs, warmups=warmups)
                results.append(result)
                self.stdout.write(json.dumps(result))
        if out:
            with open(out, "a", encoding="utf-8") as handle:
                for result in results:
                    handle.write(json.dumps(result) + "\n")

    def url_for(self, page: Page) -> str:
        if page.url_name == "support_requests:detail":
            from support_requests.models import OPEN_STATES, SupportRequest

            first = (
                SupportRequest.objects.filter(state__in=OPEN_STATES)
                .order_by("submitted_at")
                .values_list("pk", flat=True)
                .first()
            )
            return reverse(page.url_name, args=[first])
        return reverse(page.url_name)

    def post_data(self, page: Page, user) -> dict:
        from support_requests import benchmark_data

        return benchmark_data.intake_form(user)

    def created_count(self, page: Page) -> int:
        if page.method != "post":
            return 0
        from support_requests.models import SupportRequest

        return SupportRequest.objects.count()

    def measure(self, page: Page, *, size: int, runs: int, warmups: int) -> dict:
        base = {
            "page": page.name,
            "size": size,
            "budget_ms": page.budget_ms,
            "vendor": connection.vendor,
        }
        try:
            url = self.url_for(page)
        except NoReverseMatch:
            return {**base, "error": f"no URL named {page.url_name}"}
        client = Client()
        user = User.objects.get(email=page.email)
        client.force_login(user)

        def fetch():
            if page.method == "post":
                # Each timed POST is a new submission (the duplicate rule would merge repeats).
                return client.post(url, self.post_data(page, user), secure=True)
            return client.get(url, secure=True)

        created_before = self.created_count(page)
        for _ in range(warmups):
            status = fetch().status_code
        if status not in (200, 302):
            return {**base, "error": f"answered {status}"}
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch()
        if page.method == "post":
            created = self.created_count(page) - created_before
            if created != warmups + runs + 1:  # a merged or refused POST would time nothing
                return {**base, "error": f"{created} of {warmups + runs + 1} POSTs saved a request"}
        p95 = percentile(timings, 0.95)
        return {
            **base,
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(p95, 2),
            "queries": len(queries),
            "within_budget": p95 <= page.budget_ms and len(queries) < QUERY_BUDGET,
        }
