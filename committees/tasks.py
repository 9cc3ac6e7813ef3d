"""Committee jobs. Each is idempotent: the outbox and the meeting constraints dedupe a second run."""

from celery import shared_task
from django.utils import timezone

from committees import services


@shared_task(acks_late=True)
def create_next_community_meeting() -> int | None:
    """Create next quarter's Peer Supporter Community meeting and invite the active supporters."""
    quarter_start = services.next_quarter_start(timezone.localdate())
    meeting, _ = services.ensure_community_meeting(quarter_start=quarter_start)
    return meeting.pk


@shared_task(acks_late=True)
def send_meeting_reminders() -> int:
    """Remind invitees of the meetings starting within the reminder window (once each)."""
    return services.send_meeting_reminders()
