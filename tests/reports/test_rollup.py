"""The monthly rollups give exactly the figures counting the interventions directly gives."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reports import services, tasks
from reports.measures import (
    Scope,
    contact_bands,
    contact_target_hours,
    interventions_by_category,
    interventions_by_department,
    interventions_by_kind,
    interventions_by_role_type,
    interventions_by_unit,
    nearest_rank,
    percentile_minutes,
)
from reports.models import ContactMonthly, InterventionMonthly
from reports.periods import Size, add_months, period_start, resolve
from roster.models import JobRoleType
from support_requests.models import Category, Intervention, InterventionKind
from tests.reports.factories import InterventionFactory

TODAY = datetime.date(2026, 11, 23)

facts = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=13),  # months back (0: this month, 13: out of range)
        st.sampled_from([1, 2, 15, 28]),  # day of the month
        st.sampled_from([0, 1, 12, 23]),  # local hour: midnights test the time zone
        st.sampled_from(["icu", "ed"]),
        st.sampled_from(InterventionKind.values),
        st.sampled_from(Category.values[:3]),
        st.sampled_from([*JobRoleType.values[:2], ""]),
        st.one_of(
            st.none(),
            st.integers(min_value=0, max_value=200),
            st.sampled_from([59, 60, 61, 1440, 1441]),
        ),
    ),
    max_size=60,
)


def local_time(months_back: int, day: int, hour: int) -> datetime.datetime:
    month = add_months(TODAY.replace(day=1), -months_back)
    return timezone.make_aware(datetime.datetime(month.year, month.month, day, hour, 30))


def expected(interventions, scope: Scope):
    """Counts and percentiles computed in Python from the interventions themselves."""
    starts = scope.range.starts
    size = scope.range.size

    def column(moment):
        local = timezone.localtime(moment).date()
        if not scope.range.start <= local < scope.range.end:
            return None
        return period_start(local, size) if size != Size.MONTH else local.replace(day=1)

    target = contact_target_hours() * 60
    counts = {name: Counter() for name in ("kind", "category", "dept", "unit", "role", "band")}
    minutes: dict[object, list[int]] = {start: [] for start in starts}
    minutes["total"] = []
    for item in interventions:
        start = column(item.requested_at)
        if start is None or (
            scope.unit_ids is not None
            and item.department_id not in scope.unit_ids
            and item.unit_id not in scope.unit_ids
        ):
            continue
        counts["kind"][(item.kind, start)] += 1
        counts["category"][(item.category, start)] += 1
        counts["dept"][(item.department_id, start)] += 1
        counts["unit"][(item.unit_id, start)] += 1
        counts["role"][(item.supporter_role_type, start)] += 1
        value = item.minutes_to_first_contact
        band = "unrecorded" if value is None else ("within" if value <= target else "beyond")
        counts["band"][(band, start)] += 1
        if value is not None:
            minutes[start].append(value)
            minutes["total"].append(value)
    percentiles = {
        (percent, key): sorted(values)[nearest_rank(percent, len(values)) - 1]
        for key, values in minutes.items()
        if values
        for percent in (50, 90)
    }
    return counts, percentiles, {key: len(values) for key, values in minutes.items()}


def counted(triples) -> Counter:
    """(row, period) -> count, as count_measure adds them up (months arrive one by one)."""
    found: Counter = Counter()
    for row, column, count in triples:
        found[(row, column)] += count
    return +found  # without zeros


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=facts, size=st.sampled_from(Size.values), local=st.booleans())
def test_figures_from_the_rollups_equal_those_counted_from_the_interventions(
    people, rows, size, local
):
    Intervention.objects.all().delete()
    units = {"icu": people.icu, "ed": people.ed}
    for months_back, day, hour, unit, kind, category, role, minutes in rows:
        InterventionFactory(
            requested_at=local_time(months_back, day, hour),
            unit=units[unit],
            kind=kind,
            category=category,
            supporter_role_type=role,
            minutes_to_first_contact=minutes,
        )
    services.rebuild_rollup()  # the examples delete interventions, which only a rebuild sees
    report_range = resolve(
        preset="last_12_months", size=size, first_month=None, last_month=None, today=TODAY
    )
    scope = Scope(
        range=report_range,
        unit_ids=frozenset({people.icu.pk}) if local else None,
        today=TODAY,
    )
    counts, percentiles, sizes = expected(Intervention.objects.all(), scope)

    assert counted(interventions_by_kind(scope)) == counts["kind"]
    assert counted(interventions_by_category(scope)) == counts["category"]
    assert counted(interventions_by_department(scope)) == counts["dept"]
    assert counted(interventions_by_unit(scope)) == counts["unit"]
    assert counted(interventions_by_role_type(scope)) == counts["role"]
    assert counted(contact_bands(scope)) == counts["band"]
    per_period = [sizes[start] for start in scope.range.starts]
    assert percentile_minutes(scope, per_period, sizes["total"]) == percentiles


def test_a_rebuild_twice_gives_the_same_rows_and_drops_months_without_interventions(people):
    InterventionFactory.create_batch(3, unit=people.icu, minutes_to_first_contact=5)
    gone = InterventionFactory(
        unit=people.ed, requested_at=local_time(5, 2, 12), minutes_to_first_contact=None
    )
    assert services.rebuild_rollup() >= 1

    def snapshot():
        return sorted(
            InterventionMonthly.objects.values_list("month", "unit_id", "kind", "count")
        ), sorted(ContactMonthly.objects.values_list("month", "unit_id", "minutes", "count"))

    first = snapshot()
    services.rebuild_rollup()
    assert snapshot() == first
    gone.delete()
    call_command("rebuild_report_rollup", stdout=None)
    months = set(InterventionMonthly.objects.values_list("month", flat=True))
    assert months == {services.month_of(Intervention.objects.first().requested_at)}
    assert sum(InterventionMonthly.objects.values_list("count", flat=True)) == 3


def test_the_periodic_refresh_finds_a_month_whose_total_disagrees(people):
    kept = InterventionFactory(unit=people.icu, requested_at=local_time(6, 15, 12))
    services.refresh_pending()
    # An intervention committed late with a lower id than the refresh already saw, or deleted:
    Intervention.objects.filter(pk=kept.pk).delete()
    assert services.stale_months() == [services.month_of(kept.requested_at)]
    tasks.refresh_recent_rollup()
    assert not InterventionMonthly.objects.exists()
    assert services.stale_months() == []


def test_refreshing_nothing_new_does_nothing(people):
    InterventionFactory(unit=people.icu)
    assert services.refresh_pending() == 1
    assert services.refresh_pending() == 0
    assert not services.pending()


def test_a_row_dated_in_year_one_never_makes_the_periodic_refresh_fail(db):
    InterventionFactory(requested_at=datetime.datetime(1, 1, 1, 12, tzinfo=datetime.UTC))
    InterventionFactory.create_batch(3)
    tasks.refresh_recent_rollup()
    tasks.rebuild_rollup()
    assert InterventionMonthly.objects.filter(month__lt=services.EARLIEST_MONTH).count() == 0
    assert sum(InterventionMonthly.objects.values_list("count", flat=True)) == 3


def test_a_corrected_intervention_reaches_the_rollup_at_once(db):
    fact = InterventionFactory(category=Category.WORKLOAD)
    services.refresh_pending()
    fact.category = Category.PATIENT_DEATH
    fact.save(update_fields=["category"])
    services.refresh_rollup(months=[fact.requested_at])
    assert set(InterventionMonthly.objects.values_list("category", flat=True)) == {
        Category.PATIENT_DEATH
    }
    fact.delete()
    services.refresh_rollup(months=[fact.requested_at])
    assert not InterventionMonthly.objects.exists()
