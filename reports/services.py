"""Keeping the dashboard's monthly rollups (reports/models.py) in step with Intervention.

Every function rebuilds whole months: it deletes a month's rollup rows and counts that month's
interventions again, so running one twice, or two at once (they queue on the RollupState row
lock), gives the same rows. Months are those of the dashboard: site time zone midnights.

- `refresh_pending()`: the months of interventions written since the last refresh (the dashboard
  calls it first, so it never shows a figure the rollup has not caught up with);
- `refresh_rollup(months=...)`: the given months (support_requests may call it after writing an
  Intervention; the periodic task rebuilds the current and previous month and any month whose
  total disagrees with Intervention, which catches late commits and deletions);
- `rebuild_rollup()`: every month (nightly, and `manage.py rebuild_report_rollup`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Subquery, Sum
from django.utils import timezone

from reports.models import ContactHoursMonthly, ContactMonthly, InterventionMonthly, RollupState
from reports.periods import Size, add_months, period_start
from support_requests.models import Intervention, Urgency
from support_requests.selectors import target_for

STATE_ID = 1
MINUTES = "minutes_to_first_contact"
# No intervention is counted before this month: a row dated earlier is a typing error (entry
# refuses such dates now), and one must not make every refresh fail or walk thousands of months.
EARLIEST_MONTH = datetime.date(2000, 1, 1)


def month_of(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The first day of the month of an aware time in the site's time zone (or of a date).

    A time too early to convert (year 1) counts in the month it names: it is dropped later.
    """
    day: datetime.date = moment
    if isinstance(moment, datetime.datetime):
        try:
            day = timezone.localtime(moment).date()
        except (OverflowError, ValueError):
            day = moment.date()
    return period_start(day, Size.MONTH)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware midnights of the month's first day and of the next month's, as the dashboard's."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(month, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(add_months(month, 1), datetime.time.min, tzinfo=zone),
    )


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    found, month = [], max(month_of(first), EARLIEST_MONTH)
    while month <= last:
        found.append(month)
        month = add_months(month, 1)
    return found


def _locked_state() -> RollupState:
    RollupState.objects.get_or_create(pk=STATE_ID)
    return RollupState.objects.select_for_update().get(pk=STATE_ID)


def _rebuild_month(month: datetime.date) -> None:
    start, end = month_bounds(month)
    facts = Intervention.objects.filter(requested_at__gte=start, requested_at__lt=end).order_by()
    InterventionMonthly.objects.filter(month=month).delete()
    ContactMonthly.objects.filter(month=month).delete()
    ContactHoursMonthly.objects.filter(month=month).delete()
    dimensions = ("department_id", "unit_id", "kind", "category", "supporter_role_type")
    InterventionMonthly.objects.bulk_create(
        InterventionMonthly(month=month, **row)
        for row in facts.values(*dimensions).annotate(count=Count("pk"))
    )
    minutes = list(
        facts.values("department_id", "unit_id", "urgency", MINUTES).annotate(count=Count("pk"))
    )
    exact: Counter = Counter()
    hours: Counter = Counter()
    targets = {urgency: target_for(urgency).total_seconds() // 60 for urgency in Urgency.values}
    for row in minutes:  # the month's histogram, already grouped: started hours from minutes
        place, value, urgency = (row["department_id"], row["unit_id"]), row[MINUTES], row["urgency"]
        exact[(*place, value)] += row["count"]
        started = None if value is None else -(-value // 60)
        met = value is not None and urgency in targets and value <= targets[urgency]
        hours[(*place, started, urgency, met)] += row["count"]
    ContactMonthly.objects.bulk_create(
        ContactMonthly(month=month, department_id=department, unit_id=unit, minutes=value, count=n)
        for (department, unit, value), n in exact.items()
    )
    ContactHoursMonthly.objects.bulk_create(
        ContactHoursMonthly(
            month=month,
            department_id=department,
            unit_id=unit,
            hours=started,
            urgency=urgency,
            within_target=met,
            count=count,
        )
        for (department, unit, started, urgency, met), count in hours.items()
    )


def refresh_rollup(*, months: Iterable[datetime.date | datetime.datetime]) -> int:
    """Rebuild the rollup rows of these months (dates or aware times within them).

    Services that change or delete an existing intervention call it with the months concerned
    (before and after the change), so the dashboard shows the change at once.
    """
    wanted = sorted({month_of(month) for month in months})
    wanted = [month for month in wanted if month >= EARLIEST_MONTH]
    with transaction.atomic():
        state = _locked_state()
        for month in wanted:
            _rebuild_month(month)
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])
    return len(wanted)


def pending() -> bool:
    """Whether an intervention was written after the last refresh (one query).

    Compares with the newest intervention id (a backward step on the primary key index); an
    EXISTS of `id > watermark` would let PostgreSQL expect an early hit and scan the table.
    """
    newest = Intervention.objects.order_by("-pk").values("pk")[:1]
    state = RollupState.objects.filter(pk=STATE_ID).annotate(newest=Subquery(newest)).first()
    if state is None:
        return Intervention.objects.exists()
    return (state.newest or 0) > state.last_intervention_id


def refresh_pending() -> int:
    """Rebuild the months of the interventions written since the last refresh; 0 if none."""
    if not pending():
        return 0
    with transaction.atomic():
        state = _locked_state()
        new = Intervention.objects.filter(pk__gt=state.last_intervention_id).aggregate(
            first=Min("requested_at"), last=Max("requested_at"), top=Max("pk")
        )
        if new["top"] is None:  # another refresh got there first
            return 0
        months = months_between(month_of(new["first"]), month_of(new["last"]))
        for month in months:
            _rebuild_month(month)
        state.last_intervention_id = new["top"]
        state.refreshed_at = timezone.now()
        state.save(update_fields=["last_intervention_id", "refreshed_at"])
    return len(months)


def stale_months() -> list[datetime.date]:
    """Months whose rollup total differs from the interventions' (two grouped queries)."""
    first = Intervention.objects.aggregate(first=Min("requested_at"))["first"]
    counted = dict(
        InterventionMonthly.objects.values("month")
        .annotate(total=Sum("count"))
        .values_list("month", "total")
    )
    if first is None:
        return sorted(counted)
    months = months_between(month_of(first), month_of(timezone.now()))
    edges = {month: month_bounds(month) for month in months}
    totals = Intervention.objects.aggregate(
        **{
            month.isoformat(): Count(
                "pk", filter=Q(requested_at__gte=edges[month][0], requested_at__lt=edges[month][1])
            )
            for month in months
        }
    )
    found = [month for month in months if totals[month.isoformat()] != counted.get(month, 0)]
    found += [month for month in counted if month not in edges and month >= EARLIEST_MONTH]
    return sorted(found)


def refresh_recent() -> int:
    """The periodic refresh: the current and previous month, and every month found stale."""
    this_month = month_of(timezone.now())
    months = {this_month, add_months(this_month, -1), *stale_months()}
    refreshed = refresh_rollup(months=months)
    refresh_pending()
    return refreshed


def rebuild_rollup() -> int:
    """Rebuild every month from the first intervention to now, and drop any other month's rows."""
    with transaction.atomic():
        state = _locked_state()
        found = Intervention.objects.aggregate(
            first=Min("requested_at"), last=Max("requested_at"), top=Max("pk")
        )
        months = (
            months_between(month_of(found["first"]), month_of(found["last"]))
            if found["top"] is not None
            else []
        )
        InterventionMonthly.objects.exclude(month__in=months).delete()
        ContactMonthly.objects.exclude(month__in=months).delete()
        ContactHoursMonthly.objects.exclude(month__in=months).delete()
        for month in months:
            _rebuild_month(month)
        state.last_intervention_id = found["top"] or 0
        state.refreshed_at = timezone.now()
        state.save(update_fields=["last_intervention_id", "refreshed_at"])
    return len(months)


def follow_changes(sender: object, *, months: Iterable, **kwargs: object) -> None:
    """Receiver of support_requests' `interventions_changed`: rebuild those months now, inside
    the transaction that changed the interventions, so the dashboard never shows the old figure."""
    refresh_rollup(months=months)
