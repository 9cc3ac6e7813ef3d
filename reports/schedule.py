"""Periodic jobs of reports: the dashboard's monthly rollups (both idempotent)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "reports-refresh-recent-rollup": {
        "task": "reports.tasks.refresh_recent_rollup",
        "schedule": crontab(minute="*/5"),
    },
    "reports-rebuild-rollup": {
        "task": "reports.tasks.rebuild_rollup",
        "schedule": crontab(hour=2, minute=40),
    },
}
