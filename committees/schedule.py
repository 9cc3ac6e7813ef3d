"""Periodic jobs of the committees app (gathered by peersupport/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Daily: the next quarter's community meeting exists and every active supporter is invited.
    "committees-community-meeting": {
        "task": "committees.tasks.create_next_community_meeting",
        "schedule": crontab(hour=6, minute=15),
    },
    # Hourly: a reminder before each occurrence of every meeting (deduplicated per occurrence).
    "committees-meeting-reminders": {
        "task": "committees.tasks.send_meeting_reminders",
        "schedule": crontab(minute=5),
    },
}
