"""Roster background jobs. Idempotent: running one twice sends nothing twice."""

from celery import shared_task

from roster import services, supervision


@shared_task
def flag_rota_gaps() -> int:
    """Daily: tell the program managers about on-call gaps in the coming week."""
    return len(services.flag_rota_gaps())


@shared_task
def remind_overdue_supervision() -> int:
    """Daily: tell supervisors of overdue check-ins, once per due date."""
    return supervision.remind_overdue()
