"""A bounded load test: N virtual users sign in and walk the main pages of their role.

It only talks to the server named by --base-url (127.0.0.1 by default), stops after --seconds or
--rounds, and prints the error count and latency percentiles. `make loadtest` runs it against
gunicorn on PostgreSQL.
"""

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests
from django.core.management.base import BaseCommand, CommandError

# Each demo role and the pages it visits, in the order a person would.
JOURNEYS = {
    "staff@demo.test": ["/", "/requests/new/", "/requests/mine/", "/training/"],
    "supporter@demo.test": ["/", "/requests/assigned/", "/roster/me/", "/training/"],
    "icu-lead@demo.test": ["/", "/requests/unit/", "/roster/", "/reports/"],
    "ed-lead@demo.test": ["/", "/requests/unit/", "/roster/", "/reports/"],
    "central@demo.test": ["/", "/requests/triage/", "/roster/", "/reports/"],
    "manager@demo.test": ["/", "/roster/", "/training/", "/committees/", "/reports/"],
    "chair@demo.test": ["/", "/committees/", "/committees/leadership/", "/reports/"],
    "sponsor@demo.test": ["/", "/reports/", "/reports/export.csv"],
    "education@demo.test": ["/", "/committees/", "/training/"],
}
PASSWORD = "demo-pass-2026"  # noqa: S105  (the demo accounts; the server must run the demo seed)


def sign_in(session: requests.Session, base_url: str, email: str) -> None:
    session.get(f"{base_url}/accounts/login/", timeout=30)
    token = session.cookies.get("csrftoken")
    response = session.post(
        f"{base_url}/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base_url}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {email} answered {response.status_code}")


class Command(BaseCommand):
    help = "Walk the main pages with N concurrent signed-in users and report errors and p95."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--rounds", type=int, default=10, help="journeys per user")
        parser.add_argument("--seconds", type=float, default=120, help="stop after this long")

    def handle(self, *args, base_url, users, rounds, seconds, **options):
        host = urlsplit(base_url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("The load test only targets this machine (127.0.0.1).")
        deadline = time.monotonic() + seconds
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        accounts = list(JOURNEYS)

        def virtual_user(index: int) -> None:
            email = accounts[index % len(accounts)]
            session = requests.Session()
            try:
                sign_in(session, base_url, email)
            except Exception as error:
                with lock:
                    errors.append(f"{email} sign-in: {error}")
                return
            for _ in range(rounds):
                for path in JOURNEYS[email]:
                    if time.monotonic() > deadline:
                        return
                    started = time.perf_counter()
                    try:
                        response = session.get(base_url + path, timeout=30, allow_redirects=False)
                        ok = response.status_code == 200
                        detail = str(response.status_code)
                    except requests.RequestException as error:
                        ok, detail = False, type(error).__name__
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        latencies.append(elapsed)
                        if not ok:
                            errors.append(f"{email} {path}: {detail}")

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=users) as pool:
            list(pool.map(virtual_user, range(users)))
        duration = time.monotonic() - started
        if not latencies:
            raise CommandError(f"No page was fetched. Errors: {errors[:5]}")
        ordered = sorted(latencies)
        summary = {
            "users": users,
            "requests": len(latencies),
            "errors": len(errors),
            "seconds": round(duration, 1),
            "throughput_per_s": round(len(latencies) / duration, 1),
            "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "max_ms": round(ordered[-1], 1),
        }
        self.stdout.write(json.dumps(summary))
        for line in errors[:20]:
            self.stderr.write(line)
        if errors:
            raise CommandError(f"{len(errors)} errors under load")
