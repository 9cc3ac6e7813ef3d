"""Periodic jobs of the request workflow (gathered by peersupport/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "requests-escalate-unassigned": {
        "task": "support_requests.tasks.escalate_unassigned",
        "schedule": 5 * 60.0,
    },
    "requests-chase-unaccepted": {
        "task": "support_requests.tasks.chase_unaccepted",
        "schedule": 5 * 60.0,
    },
    "requests-remind-no-contact": {
        "task": "support_requests.tasks.remind_no_contact",
        "schedule": 15 * 60.0,
    },
    "requests-remind-follow-up": {
        "task": "support_requests.tasks.remind_follow_up",
        "schedule": crontab(minute=0, hour=8),
    },
    "requests-finish-redirections": {
        "task": "support_requests.tasks.finish_redirections",
        "schedule": 60.0,
    },
    "requests-retention-purge": {
        "task": "support_requests.tasks.purge_closed_requests",
        "schedule": crontab(minute=30, hour=2),
    },
}
