"""Times each main page with Django's test client: warm-ups, timed runs, query counts.

Run by `make bench` once per data size, with DEBUG off, after `seed_load`. Prints one JSON line per
page (and appends it to --out); `bench_report` turns the lines of all sizes into the table.

With --throughput URL it instead drives a running gunicorn (only on 127.0.0.1; `make
bench-throughput` starts it with PEERSUPPORT_BENCH_BARE_VIEW=1) with a small load generator: the
same threads, one signed-in load-test account each, POST first to the bare one-row insert view and
then to the intake form, bounded by a request count and a time limit per phase, and prints intake
throughput as a fraction of the bare view's.
"""

import itertools
import json
import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from core.models import User

LIST_BUDGET_MS = 50
# The reports at 200,000 interventions: p95 under 150 ms on PostgreSQL, 200 ms on SQLite.
DASHBOARD_BUDGET_MS = {"postgresql": 150, "sqlite": 200}
DASHBOARD_QUERY_BUDGET = 12
QUERY_BUDGET = 15  # fewer than this, for a page without its own budget
# A list page's median may be at most this multiple of the bare read view's (same middleware,
# session and sign-in; one SELECT of 25 rows; a minimal template): the distance to the stack.
BARE_READ_RATIO_TARGET = 2.5
# Every page's p95 at the largest size may be at most this multiple of its p95 at the smallest.
GROWTH_TARGET = 1.5
# The intake POST is timed 24 times by one account; the per-person hourly limit (5 by default)
# would turn all but the first few into refusals, so the benchmark lifts it for its own run.
BENCH_RATE_LIMIT_PER_HOUR = 1_000_000
THROUGHPUT_TARGET = 0.7
BARE_PATH = "/bench/bare-insert/"
BARE_READ = "bare read"
INTAKE_PATH = "/requests/new/"


@dataclass(frozen=True)
class Page:
    name: str
    email: str
    url_name: str
    budget_ms: int | dict[str, int] = LIST_BUDGET_MS  # or per database vendor
    method: str = "get"
    query_budget: int = QUERY_BUDGET - 1  # at most
    median_budget_ms: float | None = None
    is_list: bool = False  # compared with the bare read view

    def budget(self, vendor: str) -> int:
        if isinstance(self.budget_ms, dict):
            return self.budget_ms.get(vendor, max(self.budget_ms.values()))
        return self.budget_ms


PAGES = [
    # The yardstick first: /bench/bare-read/, mounted with PEERSUPPORT_BENCH_BARE_VIEW=1.
    Page(BARE_READ, "central@demo.test", "bench_bare_read"),
    Page("triage queue", "central@demo.test", "support_requests:triage", is_list=True),
    Page("unit queue", "icu-lead@demo.test", "support_requests:unit_queue", is_list=True),
    Page("assignments", "supporter@demo.test", "support_requests:assigned", is_list=True),
    Page(
        "request detail",
        "central@demo.test",
        "support_requests:detail",
        query_budget=10,
        median_budget_ms=20,
    ),
    Page("roster directory", "manager@demo.test", "roster:directory", is_list=True),
    Page("coverage", "manager@demo.test", "roster:coverage", is_list=True),
    Page("training list", "staff@demo.test", "training:index", is_list=True),
    Page("committees", "manager@demo.test", "committees:index", is_list=True),
    Page(
        "dashboard",
        "sponsor@demo.test",
        "reports:dashboard",
        DASHBOARD_BUDGET_MS,
        query_budget=DASHBOARD_QUERY_BUDGET,
    ),
    Page(
        "CSV export",
        "sponsor@demo.test",
        "reports:export",
        DASHBOARD_BUDGET_MS,
        query_budget=DASHBOARD_QUERY_BUDGET,
    ),
    Page(
        "intake POST",
        "staff@demo.test",
        "support_requests:new",
        LIST_BUDGET_MS,
        "post",
        query_budget=12,
        median_budget_ms=25,
    ),
]


def _names(text: str) -> set[str]:
    return {name.strip() for name in text.split(",") if name.strip()}


def selected_pages(*, only: str = "", skip: str = "") -> list[Page]:
    """The pages to measure: `only` these (plus the bare read view) if given, less `skip`."""
    wanted, skipped = _names(only), _names(skip)
    unknown = (wanted | skipped) - {page.name for page in PAGES}
    if unknown:
        known = ", ".join(page.name for page in PAGES)
        raise CommandError(f"No page named {', '.join(sorted(unknown))}; the pages: {known}.")
    return [
        page
        for page in PAGES
        if (not wanted or page.name in wanted or page.name == BARE_READ)
        and page.name not in skipped
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
        parser.add_argument("--run", type=int, default=1, help="which repetition, for the report")
        parser.add_argument(
            "--skip",
            default="",
            help='page names to leave out, comma-separated ("dashboard,CSV export")',
        )
        parser.add_argument(
            "--only",
            default="",
            help='only these pages, comma-separated ("request detail,intake POST"); the bare '
            "read view is always measured, as the yardstick",
        )
        parser.add_argument("--throughput", default="", help="base URL of a running gunicorn")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--requests", type=int, default=400, help="per phase, at most")
        parser.add_argument("--seconds", type=float, default=30, help="per phase, at most")

    def handle(self, *args, size, runs, warmups, out, throughput, run, skip, only, **options):
        if settings.DEBUG:
            raise CommandError(
                "Run the benchmark with DEBUG off (DEBUG=0): DEBUG keeps every query in memory."
            )
        if throughput:
            result = self.throughput(throughput, size=size, **options)
            self.stdout.write(json.dumps(result))
            if out:
                with open(out, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(result) + "\n")
            return
        program = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": BENCH_RATE_LIMIT_PER_HOUR}
        self.stderr.write(
            "bench: REQUEST_RATE_LIMIT_PER_HOUR raised to "
            f"{BENCH_RATE_LIMIT_PER_HOUR} for this run only (the intake POST is timed repeatedly)."
        )
        results = []
        with override_settings(PEERSUPPORT=program):
            for page in selected_pages(only=only, skip=skip):
                result = {**self.measure(page, size=size, runs=runs, warmups=warmups), "run": run}
                results.append(result)
                self.stdout.write(json.dumps(result))
        if out:
            with open(out, "a", encoding="utf-8") as handle:
                for result in results:
                    handle.write(json.dumps(result) + "\n")

    def url_for(self, page: Page) -> str:
        if page.url_name == "support_requests:detail":
            from support_requests.models import State, SupportRequest

            # One fixed state at every size (a routed request: the central lead's page with the
            # route and assign forms), so the query counts compare like with like.
            first = (
                SupportRequest.objects.filter(state=State.ROUTED)
                .order_by("submitted_at", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            return reverse(page.url_name, args=[first])
        return reverse(page.url_name)

    def post_data(self, page: Page, user) -> dict:
        from bench import intake_data as benchmark_data

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
            "budget_ms": page.budget(connection.vendor),
            "vendor": connection.vendor,
        }
        try:
            url = self.url_for(page)
        except NoReverseMatch:
            if page.name == BARE_READ:
                raise CommandError(
                    "The bare read view is not mounted: run with PEERSUPPORT_BENCH_BARE_VIEW=1."
                ) from None
            return {**base, "error": f"no URL named {page.url_name}"}
        client = Client()
        user = User.objects.get(email=page.email)
        client.force_login(user)

        def fetch():
            if page.method == "post":
                # Each timed POST is a new submission (the duplicate rule would merge repeats).
                return client.post(url, self.post_data(page, user), secure=True)
            return client.get(url, secure=True)

        if page.name == BARE_READ:
            self.fill_bare_rows()
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
            "query_budget": page.query_budget,
            "median_budget_ms": page.median_budget_ms,
            "is_list": page.is_list,
            "within_budget": p95 <= page.budget(connection.vendor)
            and len(queries) <= page.query_budget,
        }

    @staticmethod
    def fill_bare_rows() -> None:
        """The bare read view shows 25 rows: make sure there are that many."""
        from bench.models import BareInsert
        from bench.views import BARE_READ_ROWS

        missing = BARE_READ_ROWS - BareInsert.objects.count()
        if missing > 0:
            BareInsert.objects.bulk_create(BareInsert() for _ in range(missing))

    # ---- throughput: intake POST against the bare insert view, on a running gunicorn ----------

    def throughput(self, base_url: str, *, size: int, threads: int, requests, seconds, **_) -> dict:
        import requests as http

        from bench.management.commands.loadtest import sign_in

        if urlsplit(base_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("The throughput test only targets this machine (127.0.0.1).")
        base_url = base_url.rstrip("/")
        users = list(User.objects.filter(email__endswith="@load.test").order_by("pk")[:threads])
        if len(users) < threads:
            raise CommandError("Run seed_load first: the load generator signs in as its staff.")
        sessions = []
        for user in users:
            session = http.Session()
            sign_in(session, base_url, user.email)  # the load accounts share the demo password
            sessions.append(session)
        if (
            sessions[0].post(f"{base_url}{BARE_PATH}", data=self.token(sessions[0])).status_code
            != 200
        ):
            raise CommandError(
                f"{BARE_PATH} is not mounted: start gunicorn with PEERSUPPORT_BENCH_BARE_VIEW=1."
            )

        def bare(session, user):
            return session.post(f"{base_url}{BARE_PATH}", data=self.token(session), timeout=30)

        def intake(session, user):
            from bench import intake_data as benchmark_data

            data = {**benchmark_data.intake_form(user), **self.token(session)}
            response = session.post(f"{base_url}{INTAKE_PATH}", data=data, timeout=30)
            # A saved request answers 200 with the confirmation; a refusal re-renders with 400.
            return response

        calls = {"bare": bare, "intake": intake}
        for call in calls.values():  # warm both up: gunicorn's workers, connections, templates
            self.drive(sessions, users, call, requests=5 * threads, seconds=seconds)
        # Two rounds, alternating, so a burst of load from elsewhere hits both alike.
        totals = {name: {"done": 0, "errors": 0, "seconds": 0.0} for name in calls}
        for _ in range(2):
            for name, call in calls.items():
                run = self.drive(sessions, users, call, requests=requests // 2, seconds=seconds / 2)
                for key in totals[name]:
                    totals[name][key] += run[key]
        phases = {}
        for name, total in totals.items():
            phases[name] = {**total, "per_second": round(total["done"] / total["seconds"], 1)}
            self.stderr.write(f"throughput {name}: {phases[name]}")
        ratio = phases["intake"]["per_second"] / phases["bare"]["per_second"]
        return {
            "page": "throughput",
            "size": size,
            "vendor": connection.vendor,
            "threads": threads,
            "bare_per_second": phases["bare"]["per_second"],
            "intake_per_second": phases["intake"]["per_second"],
            "bare_errors": phases["bare"]["errors"],
            "intake_errors": phases["intake"]["errors"],
            "ratio": round(ratio, 3),
            "target": THROUGHPUT_TARGET,
            "within_budget": ratio >= THROUGHPUT_TARGET
            and not phases["bare"]["errors"]
            and not phases["intake"]["errors"],
        }

    @staticmethod
    def token(session) -> dict:
        return {"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}

    @staticmethod
    def drive(sessions, users, call, *, requests: int, seconds: float) -> dict:
        """Each thread POSTs in a loop until `requests` are done in all or `seconds` pass."""
        tickets = itertools.count()
        deadline = time.monotonic() + seconds
        lock = threading.Lock()
        counts = {"ok": 0, "errors": 0}

        def worker(session, user):
            while next(tickets) < requests and time.monotonic() < deadline:
                try:
                    ok = call(session, user).status_code == 200
                except Exception:  # noqa: BLE001 - a timeout or reset counts as an error
                    ok = False
                with lock:
                    counts["ok" if ok else "errors"] += 1

        started = time.perf_counter()
        workers = [
            threading.Thread(target=worker, args=pair) for pair in zip(sessions, users, strict=True)
        ]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        elapsed = time.perf_counter() - started
        return {
            "done": counts["ok"],
            "errors": counts["errors"],
            "seconds": round(elapsed, 2),
            "per_second": round(counts["ok"] / elapsed, 1),
        }
