"""Writes of the operations app: the last outcome of a periodic job."""

from django.db import transaction
from django.utils import timezone

from operations.models import JobRun


@transaction.atomic
def record_job_outcome(*, task: str, succeeded: bool) -> JobRun:
    """Note that a periodic job just succeeded or failed (an operational record, not audited)."""
    field = "last_success_at" if succeeded else "last_failure_at"
    run, _ = JobRun.objects.select_for_update().get_or_create(task=task)
    setattr(run, field, timezone.now())
    run.save(update_fields=[field])
    return run
