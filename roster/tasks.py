"""Roster background jobs. Idempotent: running one twice sends nothing twice."""

from celery import shared_task

from roster import services


@shared_task
def flag_rota_gaps() -> int:
    """Daily: tell the program managers about on-call gaps in the coming week."""
    return len(services.flag_rota_gaps())
