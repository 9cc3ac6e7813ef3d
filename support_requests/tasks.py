"""Scheduled work of the request workflow. Each task calls a service safe to run twice:
notices are deduplicated by the outbox's unique constraint, and state changes check the state."""

from celery import shared_task

from support_requests import services


@shared_task
def escalate_unassigned() -> int:
    """Requests without a supporter after ESCALATE_UNASSIGNED_AFTER_HOURS: tell the leads."""
    return services.escalate_unassigned()


@shared_task
def chase_unaccepted() -> int:
    """Remind supporters of unaccepted assignments, then give them back to the lead."""
    return services.chase_unaccepted()


@shared_task
def remind_no_contact() -> int:
    """Accepted but no first contact logged: remind the supporter."""
    return services.remind_no_contact()


@shared_task
def remind_follow_up() -> int:
    """Planned follow-ups that are due: remind the supporter."""
    return services.remind_follow_up()


@shared_task
def purge_closed_requests() -> int:
    """The daily retention purge: every ended request, every copy (also `manage.py purge_expired`)."""
    return services.purge_expired()


@shared_task
def finish_redirections() -> int:
    """Delete the details of redirected requests once their undo window has passed."""
    return services.finish_redirections()
