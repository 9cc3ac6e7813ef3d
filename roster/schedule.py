"""Periodic jobs of the roster (gathered by peersupport/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Early morning, so the program manager sees the gap before the day's work begins.
    "roster-flag-rota-gaps": {
        "task": "roster.tasks.flag_rota_gaps",
        "schedule": crontab(hour=6, minute=15),
    },
    # Supervisors hear of an overdue check-in in the morning, once per due date.
    "roster-remind-overdue-supervision": {
        "task": "roster.tasks.remind_overdue_supervision",
        "schedule": crontab(hour=7, minute=5),
    },
}
