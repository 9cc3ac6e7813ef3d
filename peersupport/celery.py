"""The Celery application. Tasks take ids, re-fetch, and call a service (see core/queue.py).

The beat schedule is gathered from each app's `schedule.py` (a plain dict, BEAT_SCHEDULE), so every
app owns its periodic jobs. Exactly one beat runs them; every job is idempotent.
"""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")

SCHEDULED_APPS = ("core", "support_requests", "roster", "training", "committees", "reports")


def collect_beat_schedule() -> dict:
    schedule = {}
    for app_name in SCHEDULED_APPS:
        try:
            module = importlib.import_module(f"{app_name}.schedule")
        except ModuleNotFoundError as error:
            if error.name != f"{app_name}.schedule":
                raise
            continue
        schedule.update(module.BEAT_SCHEDULE)
    return schedule


app = Celery("peersupport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = collect_beat_schedule()
app.autodiscover_tasks()
