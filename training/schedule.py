"""Periodic jobs of training: session reminders and refresher notices (idempotent)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "training-session-reminders": {
        "task": "training.tasks.send_session_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "training-refresher-notices": {
        "task": "training.tasks.send_refresher_notices",
        "schedule": crontab(hour=7, minute=30),
    },
}
