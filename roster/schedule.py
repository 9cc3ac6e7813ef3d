"""Periodic jobs of the roster (gathered by peersupport/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Early morning, so the program manager sees the gap before the day's work begins.
    "roster-flag-rota-gaps": {
        "task": "roster.tasks.flag_rota_gaps",
        "schedule": crontab(hour=6, minute=15),
    },
}
