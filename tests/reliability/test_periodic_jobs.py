"""Every periodic job, run twice at once and then again, sends and creates nothing twice.

Runs on PostgreSQL (real row locks and constraints, two connections at once); in CI it must run.
"""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from committees.models import Meeting
from core.models import Notification
from demo import seed as demo
from peersupport.celery import app
from support_requests.models import Intervention, SupportRequest

pytestmark = pytest.mark.services


def snapshot() -> dict:
    return {
        "notices": Notification.objects.count(),
        "notices sent": Notification.objects.filter(sent_at__isnull=False).count(),
        "mails": len(mail.outbox),
        "meetings": Meeting.objects.count(),
        "interventions": Intervention.objects.count(),
        "purged": SupportRequest.objects.filter(purged_at__isnull=False).count(),
        "states": sorted(SupportRequest.objects.values_list("state", flat=True)),
    }


def run_twice_at_once(job) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # a duplicate refused by a constraint is an acceptable outcome
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return errors


def test_every_periodic_job_twice_at_once_then_again_does_nothing_twice(postgres_only, settings):
    settings.DEBUG = True
    demo.seed_all()
    jobs = {name: import_string(entry["task"]) for name, entry in app.conf.beat_schedule.items()}
    assert len(jobs) >= 10, sorted(jobs)
    # The outbox sweep last, so it mails what the other jobs recorded.
    sweep = jobs.pop("outbox-sweep")
    jobs["outbox-sweep"] = sweep
    # Far enough ahead that every reminder, escalation, gap and purge has something to do.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=45), tick=False):
        for name, job in jobs.items():
            errors = run_twice_at_once(job)
            unexpected = [
                e
                for e in errors
                if "unique" not in str(e).lower() and "deadlock" not in str(e).lower()
            ]
            assert not unexpected, f"{name}: {unexpected}"
        once = snapshot()
        # Each notice was mailed once although two sweeps ran at the same moment.
        assert once["notices sent"] == once["mails"] == once["notices"]
        # Some jobs work in stages (remind, then return to the lead): one more round may move
        # them on; after that, another round changes nothing.
        for job in jobs.values():
            job()
        settled = snapshot()
        for job in jobs.values():
            job()
        assert snapshot() == settled
    assert once["notices"] > 0 and once["purged"] > 0
