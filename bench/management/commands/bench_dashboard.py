"""Time the reports dashboard and its CSV export on a realistic volume of interventions.

Adds interventions to a dedicated fake department tree ("bench-*" codes) until the database holds
--interventions of them, signs in a sponsor it creates, then requests the dashboard and the CSV
export: 3 warm-ups and 20 timed runs each. Prints per page one JSON line and one table row: median
and p95 milliseconds, query count.
"""

import datetime
import json
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import User
from core.roles import GROUP_FOR_ROLE, Role
from reports import services
from roster.models import JobRoleType, Unit, UnitKind
from support_requests.models import Category, Intervention, InterventionKind, Urgency

BENCH_EMAIL = "bench-sponsor@bench.invalid"
WARM_UPS = 3
RUNS = 20
BATCH = 5000


class Command(BaseCommand):
    help = "Fill the database with interventions (if fewer exist) and time the reports dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--interventions", type=int, default=200_000)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (writes fake rows)."
        )

    def handle(self, *args, interventions: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("bench_dashboard writes fake rows: run it with DEBUG=1 or --force.")
        created = self.fill(interventions)
        services.rebuild_rollup()  # what the nightly job and `rebuild_report_rollup` do
        client = Client()
        client.force_login(self.sponsor())
        for name, url in (
            ("reports dashboard", reverse("reports:dashboard")),
            ("reports CSV export", reverse("reports:export")),
        ):
            self.time_page(client, name, url, created)

    def time_page(self, client, name: str, url: str, created: int) -> None:
        for _ in range(WARM_UPS):
            self.get(client, url)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            self.get(client, url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            self.get(client, url)
        timings.sort()
        result = {
            "bench": name.replace(" ", "_"),
            "interventions": Intervention.objects.count(),
            "created": created,
            "runs": RUNS,
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, round(0.95 * RUNS) - 1)], 1),
            "queries": len(queries.captured_queries),
            "database": connection.vendor,
        }
        self.stdout.write(json.dumps(result))
        self.stdout.write(
            f"| {name} | {result['interventions']} | {result['median_ms']} ms"
            f" | {result['p95_ms']} ms | {result['queries']} |"
        )

    def get(self, client, url) -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}.")

    def sponsor(self) -> User:
        user, _ = User.objects.get_or_create(
            email=BENCH_EMAIL, defaults={"first_name": "Bench", "last_name": "Sponsor"}
        )
        user.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[Role.SPONSOR])[0])
        return user

    def units(self) -> list[Unit]:
        hospital = Unit.objects.filter(kind=UnitKind.HOSPITAL).first()
        if hospital is None:
            hospital, _ = Unit.objects.get_or_create(
                code="bench-hospital",
                defaults={"name": "Bench Hospital", "kind": UnitKind.HOSPITAL},
            )
        units = []
        for d in range(4):
            department, _ = Unit.objects.get_or_create(
                code=f"bench-dept-{d}",
                defaults={
                    "name": f"Bench department {d}",
                    "kind": UnitKind.DEPARTMENT,
                    "parent": hospital,
                },
            )
            for u in range(3):
                unit, _ = Unit.objects.get_or_create(
                    code=f"bench-unit-{d}-{u}",
                    defaults={
                        "name": f"Bench unit {d}.{u}",
                        "kind": UnitKind.UNIT,
                        "parent": department,
                    },
                )
                units.append(unit)
        return units

    def fill(self, wanted: int) -> int:
        missing = wanted - Intervention.objects.count()
        if missing <= 0:
            return 0
        units = self.units()
        chance = random.Random(2026)  # noqa: S311 (fake data)
        now = timezone.now()
        categories = [value for value, _ in Category.choices]
        role_types = [value for value, _ in JobRoleType.choices]
        batch = []
        for _ in range(missing):
            unit = chance.choice(units)
            requested_at = now - datetime.timedelta(minutes=chance.randint(60, 2 * 365 * 24 * 60))
            minutes = chance.choice([None] + [chance.randint(5, 3000)] * 9)
            batch.append(
                Intervention(
                    kind=InterventionKind.OUTREACH
                    if chance.random() < 0.1
                    else InterventionKind.REQUEST,
                    category=chance.choice(categories),
                    unit=unit,
                    department_id=unit.parent_id,
                    urgency=chance.choice([Urgency.TODAY, Urgency.THIS_WEEK]),
                    requested_at=requested_at,
                    first_contact_at=requested_at + datetime.timedelta(minutes=minutes)
                    if minutes
                    else None,
                    minutes_to_first_contact=minutes,
                    closed_on=(requested_at + datetime.timedelta(days=3)).date(),
                    supporter_role_type=chance.choice(role_types),
                )
            )
            if len(batch) >= BATCH:
                Intervention.objects.bulk_create(batch)
                batch = []
        Intervention.objects.bulk_create(batch)
        return missing
