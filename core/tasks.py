"""Project-wide tasks. Tasks take ids, re-fetch and call a function that is safe to run twice."""

from celery import shared_task

from core import notifications


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_notification(self, notification_id: int) -> bool:
    """Send one outbox notice (idempotent: a sent notice is not sent again)."""
    try:
        return notifications.deliver(notification_id)
    except notifications.NoticeBusy as busy:
        # Another sender holds it; if that sender died, its claim lapses and this try sends it.
        raise self.retry(countdown=int(busy.seconds) + 1) from None


@shared_task
def dispatch_pending_notifications() -> int:
    """The outbox sweep: send what could not be queued while the broker was away."""
    return notifications.deliver_pending()


@shared_task
def ping() -> str:
    """A canary for health checks and the worker test."""
    return "pong"
