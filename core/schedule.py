"""Periodic jobs of the project itself (each app has its own schedule.py)."""

BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "core.tasks.dispatch_pending_notifications", "schedule": 60.0},
}
