"""Where one page's time goes: cProfile over repeated requests, as shares of the total.

`python manage.py profile_page "request detail"` (DEBUG off, on a `seed_load` database) signs in
as the page's role like `bench`, makes warm-up requests, then profiles `--runs` more and prints
one row per stage of the request (cumulative time of the stage's entry point, as a share of the
whole request, and its call count per request), the query count, and the top functions.
Shares and call counts are stable on a busy machine; absolute times are not.
"""

import cProfile
import io
import pstats

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.management.commands.bench import (
    BENCH_RATE_LIMIT_PER_HOUR,
    PAGES,
)
from bench.management.commands.bench import (
    Command as Bench,
)
from core.models import User

# (label, file fragment, function name): the entry point of each stage of a request.
STAGES = [
    ("whole request (test client)", "django/test/client.py", "request"),
    ("middleware before the view", "django/contrib/sessions/middleware.py", "process_request"),
    ("SQL: executing statements", "django/db/backends/utils.py", "_execute"),
    ("SQL: building statements", "django/db/models/sql/compiler.py", "as_sql"),
    ("model instances from rows", "django/db/models/base.py", "from_db"),
    ("fetch and authorise", "support_requests/access.py", "access_request"),
    ("audit entry", "core/audit.py", "record"),
    ("matching: ranking the pool", "support_requests/matching.py", "rank"),
    ("suggestions (selector)", "support_requests/selectors.py", "suggestions_for"),
    ("search (selector)", "support_requests/selectors.py", "find_assignable"),
    ("page's pool (selector)", "support_requests/selectors.py", "supporter_pool"),
    ("detail context", "support_requests/views.py", "_detail_context"),
    ("forms built", "django/forms/forms.py", "__init__"),
    ("template rendering", "django/template/backends/django.py", "render"),
    ("crispy form rendering", "crispy_forms/templatetags/crispy_forms_tags.py", "render"),
    ("form field rendering", "django/forms/boundfield.py", "as_widget"),
    ("session save (Django's store)", "django/contrib/sessions/backends/db.py", "save"),
    ("session renewal (one UPDATE)", "core/sessions.py", "save"),
    ("intake service", "support_requests/services.py", "submit_request"),
    ("notifications", "core/notifications.py", "notify"),
]


class Command(BaseCommand):
    help = "Profile one page of `bench` with cProfile; print where the time goes, as shares."

    def add_arguments(self, parser):
        parser.add_argument("page", help='a page name of `bench`, e.g. "request detail"')
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmups", type=int, default=5)
        parser.add_argument("--top", type=int, default=25)
        parser.add_argument("--save", default="", help="write the raw profile here (pstats)")

    def handle(self, *args, page, runs, warmups, top, save, **options):
        if settings.DEBUG:
            raise CommandError("Profile with DEBUG off (DEBUG=0), as the benchmark runs.")
        chosen = next((p for p in PAGES if p.name == page), None)
        if chosen is None:
            raise CommandError(f"No page {page!r}; one of: {', '.join(p.name for p in PAGES)}")
        program = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": BENCH_RATE_LIMIT_PER_HOUR}
        with override_settings(PEERSUPPORT=program):
            self.profile(chosen, runs=runs, warmups=warmups, top=top, save=save)

    def profile(self, page, *, runs, warmups, top, save):
        bench = Bench()
        url = bench.url_for(page)
        client = Client()
        user = User.objects.get(email=page.email)
        client.force_login(user)

        def fetch():
            if page.method == "post":
                return client.post(url, bench.post_data(page, user), secure=True)
            return client.get(url, secure=True)

        for _ in range(warmups):
            fetch()
        with CaptureQueriesContext(connection) as queries:
            fetch()
        # Copied now: the next request's request_started signal empties the connection's log.
        statements = [query["sql"] for query in queries.captured_queries]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            fetch()
        profiler.disable()
        if save:
            profiler.dump_stats(save)
        stats = pstats.Stats(profiler)
        total = self.stage(stats, *STAGES[0][1:])[1] or 1e-9
        self.stdout.write(f"{page.name} ({url}): {len(statements)} queries, {runs} profiled runs")
        self.stdout.write(f"{'stage':<34}{'share':>7}{'calls/req':>11}{'ms/req':>9}")
        for label, path, name in STAGES:
            calls, cumulative = self.stage(stats, path, name)
            if calls:
                self.stdout.write(
                    f"{label:<34}{cumulative / total:>7.0%}{calls / runs:>11.1f}"
                    f"{cumulative * 1000 / runs:>9.2f}"
                )
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
        self.stdout.write(buffer.getvalue())
        for sql in statements:
            self.stdout.write(f"  {sql[:200]}")

    @staticmethod
    def stage(stats: pstats.Stats, path: str, name: str) -> tuple[int, float]:
        """Calls and cumulative seconds of the outermost calls of path:name (recursion counted once)."""
        calls, cumulative = 0, 0.0
        for (filename, _, function), (_, primitive, _, cum, _) in stats.stats.items():
            if function == name and filename.endswith(path):
                calls += primitive
                cumulative += cum
        return calls, cumulative
