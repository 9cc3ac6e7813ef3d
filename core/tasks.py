"""Project-wide tasks. Tasks take ids, re-fetch and call a function that is safe to run twice."""

from celery import shared_task

from core import notifications


@shared_task(acks_late=True)
def send_notification(notification_id: int) -> bool:
    """Send one outbox notice (idempotent: a sent notice is not sent again)."""
    return notifications.deliver(notification_id)


@shared_task
def dispatch_pending_notifications() -> int:
    """The outbox sweep: send what could not be queued while the broker was away."""
    return notifications.deliver_pending()


@shared_task
def ping() -> str:
    """A canary for health checks and the worker test."""
    return "pong"
