"""Reads for the job page and the metrics: counts and times only, never a person's data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from celery import current_app
from django.db.models import Count, Min
from django.utils import timezone

from operations.models import JobRun


@dataclass(frozen=True)
class JobStatus:
    name: str
    task: str
    last_success_at: datetime | None
    last_failure_at: datetime | None

    @property
    def failing(self) -> bool:
        return bool(
            self.last_failure_at
            and (self.last_success_at is None or self.last_failure_at > self.last_success_at)
        )


def job_statuses() -> list[JobStatus]:
    """Each periodic job of the beat schedule with its last success and failure (one query)."""
    runs = {run.task: run for run in JobRun.objects.all()}
    statuses = []
    for name, entry in sorted(current_app.conf.beat_schedule.items()):
        run = runs.get(entry["task"])
        statuses.append(
            JobStatus(
                name=name,
                task=entry["task"],
                last_success_at=run.last_success_at if run else None,
                last_failure_at=run.last_failure_at if run else None,
            )
        )
    return statuses


def requests_by_state() -> dict[str, int]:
    from support_requests.models import SupportRequest

    counts = SupportRequest.objects.values_list("state").annotate(n=Count("pk")).order_by()
    return dict(counts)


def oldest_waiting_by_state(states: Iterable[str]) -> dict[str, datetime]:
    """When the oldest request still waiting in each queue state was submitted."""
    from support_requests.models import SupportRequest

    rows = (
        SupportRequest.objects.filter(state__in=states)
        .values_list("state")
        .annotate(oldest=Min("submitted_at"))
        .order_by()
    )
    return dict(rows)


def notice_outbox() -> dict:
    """Unsent notices (count and oldest) and parked ones (given up after repeated failures)."""
    from core.models import Notification

    unsent = Notification.objects.filter(sent_at__isnull=True)
    # Parking (parked_at) arrives with the outbox back-off; until then nothing is ever parked.
    can_park = any(field.name == "parked_at" for field in Notification._meta.get_fields())
    waiting = unsent.filter(parked_at__isnull=True) if can_park else unsent
    summary = waiting.aggregate(count=Count("pk"), oldest=Min("created_at"))
    parked = unsent.filter(parked_at__isnull=False).count() if can_park else 0
    return {"pending": summary["count"], "oldest": summary["oldest"], "parked": parked}


def age_seconds(moment: datetime | None) -> float:
    return max((timezone.now() - moment).total_seconds(), 0.0) if moment else 0.0
