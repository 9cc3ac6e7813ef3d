"""Celery tasks of training: thin wrappers around services; running one twice sends nothing twice."""

from celery import shared_task

from training import services


@shared_task(acks_late=True)
def send_session_reminders() -> int:
    return services.send_session_reminders()


@shared_task(acks_late=True)
def send_refresher_notices() -> int:
    return services.send_refresher_notices()
