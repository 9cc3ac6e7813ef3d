"""Celery tasks of reports: keep the dashboard's monthly rollups current (idempotent)."""

from celery import shared_task

from reports import services


@shared_task(acks_late=True)
def refresh_recent_rollup() -> int:
    """The current and previous month, any month whose total disagrees, any new intervention."""
    return services.refresh_recent()


@shared_task(acks_late=True)
def rebuild_rollup() -> int:
    """Every month, from scratch."""
    return services.rebuild_rollup()
