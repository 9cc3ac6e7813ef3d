"""The dashboard's measures: each one aggregate query, in the order the page shows them.

A measure names its rows (a dimension: category, department, role type...) and its columns
(the periods of the range, or "now" for a snapshot) and gives one aggregate query returning
(row key, column key, count) triples. The dashboard (reports/dashboard.py) turns the counts into a
table, suppresses it (reports/suppression.py), and draws, shows and exports what is left.

Measures read only the long-term facts that survive the retention purge (the monthly rollups of
Intervention in reports/models.py, Redirection, SurveyResponse), the roster, training sessions
and community meeting attendance; never a SupportRequest. Each is one aggregate query grouped by
row and month; months add up into quarters and years as they are laid out.

To add a measure: write its query function and append a `Measure` to MEASURES.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    AutoField,
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    ForeignKey,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from committees.models import Attendance, MeetingKind
from reports.models import ContactHoursMonthly, ContactMonthly, InterventionMonthly
from reports.periods import ReportRange, Size, add_months, period_start
from reports.suppression import SuppressedTable, derived
from roster.models import JobRoleType, SupporterProfile, SupporterStatus, Unit, UnitKind
from support_requests.models import (
    Category,
    InterventionKind,
    Redirection,
    RedirectReason,
    SurveyResponse,
    Urgency,
)
from support_requests.selectors import target_for
from training.models import Course, Enrolment, FeedbackResponse, SessionStatus, TrainingSession

DEFAULT_CONTACT_TARGET_HOURS = 24
NOT_APPLICABLE = "–"  # a statistic over no items at all (not a hidden one)

Key = str | int | datetime.date
Triples = Iterable[tuple[Key, Key, int]]


class Level:
    DEPARTMENT = "department"
    UNIT = "unit"
    CHOICES = [(DEPARTMENT, "Department"), (UNIT, "Unit")]


@dataclass(frozen=True)
class Scope:
    """What one dashboard covers: whole periods, the viewer's units (None: the whole hospital)."""

    range: ReportRange
    unit_ids: frozenset[int] | None
    level: str = Level.DEPARTMENT
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def hospital_wide(self) -> bool:
        return self.unit_ids is None

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.range.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(self.range.end, datetime.time.min, tzinfo=zone),
        )

    def edges(self, *, aware: bool = True) -> list[tuple[datetime.date, object, object]]:
        """(period start, lower bound, upper bound) per period: aware midnights or plain dates."""
        zone = timezone.get_current_timezone()
        starts = self.range.starts
        ends = [*starts[1:], self.range.end]

        def bound(day: datetime.date):
            return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone) if aware else day

        return [(start, bound(start), bound(end)) for start, end in zip(starts, ends, strict=True)]

    def monthly(self, rollup: type[InterventionMonthly | ContactMonthly]) -> QuerySet:
        """A monthly rollup's rows within the range, in the viewer's units."""
        found = rollup.objects.filter(month__gte=self.range.start, month__lt=self.range.end)
        if self.unit_ids is not None:
            found = found.filter(Q(unit_id__in=self.unit_ids) | Q(department_id__in=self.unit_ids))
        return found

    def units(self) -> QuerySet:
        """The units (kind unit) of the viewer's part of the hospital."""
        found = Unit.objects.filter(kind=UnitKind.UNIT)
        if self.unit_ids is not None:
            found = found.filter(Q(pk__in=self.unit_ids) | Q(parent_id__in=self.unit_ids))
        return found

    def departments(self) -> QuerySet:
        """The departments of the viewer's part of the hospital (each once: no join to fan out)."""
        found = Unit.objects.filter(kind=UnitKind.DEPARTMENT)
        if self.unit_ids is not None:
            parents = Unit.objects.filter(pk__in=self.unit_ids).values("parent_id")
            found = found.filter(Q(pk__in=self.unit_ids) | Q(pk__in=parents))
        return found


def contact_target_hours() -> int:
    return int(
        settings.PEERSUPPORT.get("REPORT_CONTACT_TARGET_HOURS", DEFAULT_CONTACT_TARGET_HOURS)
    )


@dataclass(frozen=True)
class Counted:
    """A measure's table after suppression, with the raw totals statistics need to gate on."""

    shown: SuppressedTable
    raw_counts: list[list[int]]
    raw_column_totals: list[int]
    raw_total: int
    rows: list[tuple[Key, str]] = field(default_factory=list)  # (key, label) of each row


# A statistic row: its label, one value per column and one for the whole range (None: hidden).
StatisticRow = tuple[str, list, object]


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    dimension: str  # what the rows are, for the table's first column header
    rows: Callable[[Scope], list[tuple[Key, str]]]
    counts: Callable[[Scope], Triples]
    description: str = ""
    snapshot: bool = False  # columns: "now" instead of the periods of the range
    snapshot_columns: list[tuple[Key, str]] | None = None
    statistics: Callable[[Scope, list, Counted], list[StatisticRow]] | None = None
    hospital_wide_only: bool = False  # figures not tied to a unit: not for local leads
    shares_totals: str = ""  # measures whose rows add up to the same total are decided together
    shown_at_level: str = ""  # shown only when places are counted at this level
    coarser_level: bool = False  # offer department instead of unit when numbers are small
    chart: str = "bar"  # "bar": stacked bars per period; "rows": one bar per row
    by_department: bool = False  # rows are units: a long table shows each department's folded


# ---- one read per request ----------------------------------------------------------------------

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("report_queries", default=None)
_window: ContextVar[ReportRange | None] = ContextVar("report_window", default=None)


@contextmanager
def one_read(window: ReportRange | None = None) -> Iterator[None]:
    """Within it, a query asked twice (the same SQL and parameters) runs once.

    A quarter or a year is counted from the same monthly query as its months, the course and
    unit lists are read once, and (with `window`, months of whole years holding every range the
    request shows) the intervention rollups are read once for the range, the default view's
    candidates and the previous period alike. Outside it every call queries, as before.
    """
    memo_token, window_token = _memo.set({}), _window.set(window)
    try:
        yield
    finally:
        _memo.reset(memo_token)
        _window.reset(window_token)


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """compute() once per request within `one_read` (the same `key`, the same result); every
    time outside it, or while `prefetch_counts` only notes the queries a pass would make."""
    memo = _memo.get()
    if memo is None or _collected.get() is not None:
        return compute()
    key = ("remembered", *key)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def memo_key(queryset: QuerySet) -> tuple | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return (queryset._iterable_class, sql, repr(params))


def fetched(queryset: QuerySet, key: tuple | None = None) -> list:
    """The queryset's rows, from this request's earlier identical query if there was one.

    `key`, when given, names the query without compiling it (what it reads, where, when)."""
    collected = _collected.get()
    if collected is not None:
        collected.append(queryset)
        return []
    memo = _memo.get()
    if memo is not None and key is None:
        key = memo_key(queryset)
    if memo is None or key is None:
        return list(queryset)
    if key not in memo:
        memo[key] = list(queryset)
    return memo[key]


UNION_PART = (
    'SELECT {index} AS part, CAST(t."{field}" AS TEXT), CAST(t."month" AS TEXT),'
    ' t."count" FROM ({sql}) t'
)
_collected: ContextVar[list | None] = ContextVar("report_collected", default=None)


def row_reader(queryset: QuerySet, name: str) -> Callable[[str], Key]:
    """How to read back a row key that the UNION ALL returned as text."""
    if name in queryset.query.annotation_select:
        output = queryset.query.annotation_select[name].output_field
    else:
        output = queryset.query.clone().resolve_ref(name).output_field
    if isinstance(output, BooleanField):
        return lambda text: text.lower() in ("1", "t", "true")
    if isinstance(output, (IntegerField, ForeignKey, AutoField)):
        return int
    return str


def count_reader(queryset: QuerySet) -> Callable[[object], int | float]:
    """How to read back the third column: a count is an integer, a sum of scores a float (the
    UNION ALL gives every part the widest type of the column)."""
    output = queryset.query.annotation_select["count"].output_field
    return int if isinstance(output, IntegerField) else float


def fetched_sql(sql: str, params: list) -> list:
    """A raw statement's rows, from this request's earlier identical statement if there was one."""
    memo = _memo.get()
    key = ("sql", sql, repr(params))
    if memo is not None and key in memo:
        return memo[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if memo is not None:
        memo[key] = found
    return found


def fetch_together(queries: list[tuple[QuerySet, str, tuple]]) -> None:
    """Run grouped queries (row, month, count) as one UNION ALL statement and keep each one's
    rows in this request's memo, as if each had run on its own."""
    memo = _memo.get()
    if memo is None:
        return
    pending = {}
    for queryset, row_field, key in queries:
        if key not in memo:
            pending[key] = (queryset, row_field, row_reader(queryset, row_field))
    if len(pending) < 2:
        return
    parts, params = [], []
    for index, (queryset, row_field, _) in enumerate(pending.values()):
        sql, part_params = queryset.query.sql_with_params()
        # Only Django's compiled SQL (values passed apart, as params) and our own column names.
        parts.append(UNION_PART.format(index=index, field=row_field, sql=sql))
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = cursor.fetchall()
    rows: list[list[dict]] = [[] for _ in pending]
    readers = [
        (row_field, read, count_reader(queryset)) for queryset, row_field, read in pending.values()
    ]
    days: dict[str, datetime.date] = {}  # a few dozen months over tens of thousands of rows
    for index, text, month, count in found:
        row_field, read, number = readers[index]
        key = None if text is None else read(text)
        day = days.get(month)
        if day is None:
            day = days[month] = datetime.date.fromisoformat(month[:10])
        rows[index].append({row_field: key, "month": day, "count": number(count)})
    for key, found_rows in zip(pending, rows, strict=True):
        memo[key] = found_rows


def prefetch_counts(counted: Iterable[tuple[Measure, Scope]]) -> None:
    """Within `one_read`: the grouped queries by row and month of these (measure, scope) pairs
    in one statement.

    The measures' own functions run once with `fetched` only noting their querysets; those of
    the shape (row, month, count) then run together, and the real pass finds their rows.
    """
    if _memo.get() is None:
        return
    token = _collected.set([])
    try:
        for measure, scope in counted:
            list(measure.counts(scope))
        collected = _collected.get() or []
    finally:
        _collected.reset(token)
    queries = []
    for queryset in collected:
        names = [*queryset.query.values_select, *queryset.query.annotation_select]
        key = memo_key(queryset)
        if len(names) == 3 and names[1:] == ["month", "count"] and key is not None:
            queries.append((queryset, names[0], key))
    fetch_together(queries)


def counting_scope(scope: Scope) -> Scope:
    """The scope whose rollup rows to read: the request's window when it holds this range."""
    window = _window.get()
    if window is None or not (window.start <= scope.range.start and scope.range.end <= window.end):
        return scope
    return replace(scope, range=window)


def counting_years(scope: Scope) -> Scope:
    """The scope counted by month over the calendar years its range touches (what a year's
    publication is decided on), or over the request's window when it holds them: the range and
    the period before it are then read in one statement."""
    start = datetime.date(scope.range.start.year, 1, 1)
    end = datetime.date(scope.range.last_month.year + 1, 1, 1)
    return counting_scope(replace(scope, range=ReportRange(size=Size.MONTH, start=start, end=end)))


def period_rows(queryset: QuerySet, row_field: str, date_field: str, scope: Scope) -> Triples:
    """(row, period start, count): counted per row and month in the database (one GROUP BY).

    The month of a time-zone-aware time is taken in the site's time zone, as the periods are;
    the queryset is already limited to the range.
    """
    months = queryset.annotate(month=TruncMonth(date_field)).values(row_field, "month")
    return per_period(fetched(months.annotate(count=Count("pk")).order_by()), row_field, scope)


def per_period(found: Iterable[dict], row_field: str, scope: Scope) -> Triples:
    """Monthly counts as (row, period start, count): months add up to their quarter or year
    as they arrive (count_measure adds up triples with the same row and period)."""
    size = scope.range.size
    starts: dict[datetime.date, datetime.date] = {}  # each month's period, worked out once
    for row in found:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date()
        start = starts.get(month)
        if start is None:
            start = starts[month] = period_start(month, size)
        yield row[row_field], start, row["count"]


# ---- interventions ----------------------------------------------------------------------------
#
# Read from the monthly rollups (reports/models.py), kept in step with Intervention by
# reports.services: the same counts as counting the interventions, from a few thousand rows.


def rollup_query(queryset: QuerySet, row_field: str) -> QuerySet:
    """A rollup's counts summed per row and month in the database."""
    return queryset.values(row_field, "month").annotate(count=Sum("count")).order_by()


def monthly_rows(
    queryset: QuerySet, row_field: str, scope: Scope, key: tuple | None = None
) -> Triples:
    """(row, period start, count) from a rollup: summed per row and month in the database."""
    return per_period(
        in_range(fetched(rollup_query(queryset, row_field), key), key, scope), row_field, scope
    )


def in_range(rows: list[dict], key: tuple | None, scope: Scope) -> Iterable[dict]:
    """The rows of the scope's months, when `rows` were read for a wider window (the request's
    whole years): indexed by month once per request rather than scanned for every range."""
    memo = _memo.get()
    if memo is None or key is None:
        return rows
    index_key = ("by month", key)
    if index_key not in memo:
        by_month: dict[datetime.date, list[dict]] = {}
        for row in rows:
            by_month.setdefault(row["month"], []).append(row)
        memo[index_key] = by_month
    by_month = memo[index_key]
    months, day = [], scope.range.start
    while day < scope.range.end:
        months.append(day)
        day = add_months(day, 1)
    return [row for month in months for row in by_month.get(month, ())]


def rollup_key(name: str, scope: Scope) -> tuple:
    """What a rollup query reads: which breakdown, which months, whose units."""
    return (
        "rollup",
        name,
        contact_target_hours(),
        scope.range.start,
        scope.range.end,
        scope.unit_ids,
    )


INTERVENTION_FIELDS = ("kind", "category", "department_id", "unit_id", "supporter_role_type")


def intervention_rows(scope: Scope, row_field: str) -> Triples:
    counted = counting_scope(scope)
    rollup = counted.monthly(InterventionMonthly)
    return monthly_rows(rollup, row_field, scope, rollup_key(row_field, counted))


def prefetch_interventions(scopes: Iterable[Scope]) -> None:
    """Within `one_read`, read every intervention breakdown of these scopes in one statement."""
    queries = []
    for scope in scopes:
        counted = counting_scope(scope)
        rollup = counted.monthly(InterventionMonthly)
        queries += [
            (rollup_query(rollup, name), name, rollup_key(name, counted))
            for name in INTERVENTION_FIELDS
        ]
        band = rollup_query(banded_contacts(scope), "band")
        queries.append((band, "band", rollup_key("band", counted)))
    fetch_together(queries)


def interventions_by_kind(scope: Scope) -> Triples:
    return intervention_rows(scope, "kind")


def interventions_by_category(scope: Scope) -> Triples:
    return intervention_rows(scope, "category")


def interventions_by_department(scope: Scope) -> Triples:
    return intervention_rows(scope, "department_id")


def interventions_by_unit(scope: Scope) -> Triples:
    return intervention_rows(scope, "unit_id")


LISTS_PART = (
    "SELECT {index} AS part, CAST(t.{key} AS TEXT), CAST(t.{label} AS TEXT), t.{number}"
    " FROM ({sql}) t"
)


def small_lists(scope: Scope) -> tuple[list, list, list]:
    """The scope's departments and the courses (each (id, name) by name as the database sorts
    it) and the supporter pool ((role type, status, count)): three short lists the dashboard
    always shows, read in one UNION ALL statement once per request."""
    ranked = Window(RowNumber(), order_by=F("name").asc())
    queries = (
        scope.departments().annotate(rank=ranked).values_list("pk", "name", "rank"),
        Course.objects.annotate(rank=ranked).values_list("pk", "name", "rank"),
        supporters(scope)
        .filter(status__in=[key for key, _ in POOL_STATUSES])
        .values("role_type", "status")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("role_type", "status", "count"),
    )
    columns = (("pk", "name", "rank"), ("pk", "name", "rank"), ("role_type", "status", "count"))
    parts, params = [], []
    for index, (queryset, (key, label, number)) in enumerate(zip(queries, columns, strict=True)):
        try:
            sql, part_params = queryset.query.sql_with_params()
        except EmptyResultSet:  # a viewer with no units: no departments, no pool
            continue
        # Only Django's compiled SQL (values passed apart, as params) and our own column names.
        parts.append(LISTS_PART.format(index=index, key=key, label=label, number=number, sql=sql))
        params.extend(part_params)
    lists: tuple[list, list, list] = ([], [], [])
    for index, key, label, number in fetched_sql(
        " UNION ALL ".join(parts) + " ORDER BY 1, 4", params
    ):
        if index == 2:
            lists[2].append((key, label, int(number)))
        else:
            lists[index].append((int(key), label))
    return lists


def department_rows(scope: Scope) -> list[tuple[Key, str]]:
    return small_lists(scope)[0]


def units_with_parents(scope: Scope) -> list[tuple[int, str, int | None, int]]:
    """(id, name, department id, active trained supporters) of the scope's units by name: one
    query for the unit rows, their departments and the coverage table."""
    trained = Q(supporters__status=SupporterStatus.ACTIVE, supporters__trained_on__isnull=False) & (
        Q(supporters__refresher_due_on__isnull=True)
        | Q(supporters__refresher_due_on__gte=scope.today)
    )
    return fetched(
        scope.units()
        .annotate(coverage=Count("supporters", filter=trained))
        .order_by("name")
        .values_list("pk", "name", "parent_id", "coverage")
    )


def unit_rows(scope: Scope) -> list[tuple[Key, str]]:
    return [(pk, name) for pk, name, _, _ in units_with_parents(scope)]


def unit_departments(scope: Scope) -> dict[Key, Key]:
    return {pk: parent for pk, _, parent, _ in units_with_parents(scope)}


def interventions_by_role_type(scope: Scope) -> Triples:
    return intervention_rows(scope, "supporter_role_type")


# ---- time to first contact --------------------------------------------------------------------


def contact_bands(scope: Scope) -> Triples:
    """Interventions by whether first contact came within the target, later, or is not recorded.

    Every intervention falls in one band, so this table's period totals are the interventions
    per period, suppressed alike with the other intervention tables.
    """
    return monthly_rows(
        banded_contacts(scope), "band", scope, rollup_key("band", counting_scope(scope))
    )


def banded_contacts(scope: Scope) -> QuerySet:
    return (
        counting_scope(scope)
        .monthly(ContactHoursMonthly)
        .annotate(
            band=Case(
                When(hours__isnull=True, then=Value("unrecorded")),
                # minutes <= 60 x target exactly when the started hours are <= target
                When(hours__lte=contact_target_hours(), then=Value("within")),
                default=Value("beyond"),
            )
        )
    )


def contact_band_rows(scope: Scope) -> list[tuple[Key, str]]:
    hours = contact_target_hours()
    return [
        ("within", f"Within {hours} hours"),
        ("beyond", f"After {hours} hours"),
        ("unrecorded", "No first contact recorded"),
    ]


def nearest_rank(percent: int, items: int) -> int:
    """The 1-based rank of the `percent`th percentile of `items` values: ceil(percent x items)."""
    return max(1, -(-percent * items // 100))


PERCENTILE_SQL = """
WITH hour_histogram AS ({hours}),
by_period AS (
    SELECT period, hours, n FROM hour_histogram
    UNION ALL
    SELECT %s, hours, SUM(n) FROM hour_histogram GROUP BY hours
),
running AS (
    SELECT period, hours, n, SUM(n) OVER (PARTITION BY period ORDER BY hours) AS reached
    FROM by_period
),
wanted (period, percent, needed) AS (VALUES {wanted}),
located AS (
    SELECT wanted.period, wanted.percent, MIN(running.hours) AS hours
    FROM wanted JOIN running
        ON running.period = wanted.period AND running.reached >= wanted.needed
    GROUP BY wanted.period, wanted.percent
),
placed AS (
    SELECT located.period, located.percent, located.hours,
        wanted.needed - (running.reached - running.n) AS remaining
    FROM located
    JOIN wanted ON wanted.period = located.period AND wanted.percent = located.percent
    JOIN running ON running.period = located.period AND running.hours = located.hours
),
period_months (period, month) AS (VALUES {months}),
minute_histogram AS (
    SELECT placed.period, placed.percent, contacts.minutes, SUM(contacts.count) AS n
    FROM placed
    JOIN period_months ON period_months.period = placed.period
    JOIN ({contacts}) contacts
        ON contacts.month = period_months.month
        AND contacts.minutes > (placed.hours - 1) * 60 AND contacts.minutes <= placed.hours * 60
    GROUP BY placed.period, placed.percent, contacts.minutes
),
minute_running AS (
    SELECT period, percent, minutes,
        SUM(n) OVER (PARTITION BY period, percent ORDER BY minutes) AS reached
    FROM minute_histogram
)
SELECT placed.period, placed.percent, MIN(minute_running.minutes)
FROM placed JOIN minute_running
    ON minute_running.period = placed.period AND minute_running.percent = placed.percent
    AND minute_running.reached >= placed.remaining
GROUP BY placed.period, placed.percent
"""


def percentile_minutes(scope: Scope, sizes: list[int], total: int) -> dict[tuple[int, Key], int]:
    """Median and 90th percentile minutes per period and over the range, by the nearest rank.

    One query in two steps, each over a histogram (sizes come from the counts already made):
    1. in the started-hours histogram (ContactHoursMonthly), a running total per period finds
       the hour each rank falls in and how many contacts come before that hour;
    2. in the exact minutes histogram (ContactMonthly), read only for that hour's minutes of
       the period's months, a running total finds the minute that reaches the rest of the rank.
    Only the values leave the database, and they equal the nearest-rank percentiles of the
    interventions' minutes themselves (tests/reports/test_rollup.py).
    """
    edges = scope.edges(aware=False)
    columns: list[Key] = [start for start, _, _ in edges]
    columns.append("total")
    wanted = [
        (index, percent, nearest_rank(percent, size))
        for index, size in enumerate([*sizes, total])
        if size
        for percent in (50, 90)
    ]
    if not wanted:
        return {}
    period = Case(
        *[
            When(month__gte=lower, month__lt=upper, then=Value(index))
            for index, (_, lower, upper) in enumerate(edges)
        ],
        output_field=IntegerField(),
    )
    hours = (
        scope.monthly(ContactHoursMonthly)
        .filter(hours__isnull=False)
        .annotate(period=period)
        .values("period", "hours")
        .annotate(n=Sum("count"))
        .order_by()
    )
    contacts = scope.monthly(ContactMonthly).values("month", "minutes", "count").order_by()
    months = [
        (index, month)
        for index, (start, _, upper) in enumerate(edges)
        for month in months_from(start, upper)
    ]
    months += [(len(edges), month) for _, month in list(months)]
    hours_sql, hours_params = hours.query.sql_with_params()
    contacts_sql, contacts_params = contacts.query.sql_with_params()
    sql = PERCENTILE_SQL.format(
        hours=hours_sql,
        wanted=", ".join(["(%s, %s, %s)"] * len(wanted)),
        months=", ".join(["(%s, %s)"] * len(months)),
        contacts=contacts_sql,
    )
    params = [
        *hours_params,
        len(edges),
        *(value for row in wanted for value in row),
        *(value for row in months for value in row),
        *contacts_params,
    ]
    found = fetched_sql(sql, params)
    return {(percent, columns[index]): value for index, percent, value in found}


def months_from(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    found, month = [], start
    while month < end:
        found.append(month)
        month = add_months(month, 1)
    return found


def target_text(minutes: int) -> str:
    """A response target as people say it: "30 minutes", "24 hours"."""
    if minutes % 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d hour", "%(n)d hours", minutes // 60) % {"n": minutes // 60}


def urgency_contacts(scope: Scope) -> dict[tuple[str, Key], tuple[int, int]]:
    """(first contacts within the urgency's target, first contacts recorded) per urgency, per
    period (keyed by its start) and for the whole range ("total"): one grouped query."""
    found = fetched(
        scope.monthly(ContactHoursMonthly)
        .filter(hours__isnull=False)
        .exclude(urgency="")
        .values("month", "urgency")
        .annotate(met=Sum("count", filter=Q(within_target=True)), recorded=Sum("count"))
        .order_by()
    )
    sums: dict[tuple[str, Key], tuple[int, int]] = {}
    for row in found:
        start = period_start(row["month"], scope.range.size)
        for key in ((row["urgency"], start), (row["urgency"], "total")):
            met, recorded = sums.get(key, (0, 0))
            sums[key] = (met + (row["met"] or 0), recorded + row["recorded"])
    return sums


def contact_statistics(scope: Scope, columns: list, table: Counted) -> list[StatisticRow]:
    """Median, 90th percentile and the share within target, over contacts with a recorded time.

    Each is hidden when either count it rests on (within, after the target) is hidden or when
    it rests on no more than the threshold of contacts.
    """
    within_raw, beyond_raw = table.raw_counts[0], table.raw_counts[1]
    sizes = [a + b for a, b in zip(within_raw, beyond_raw, strict=True)]
    minutes = percentile_minutes(scope, sizes, sum(sizes))
    shown = table.shown
    # Per column, then the whole range: (column key, within shown, after shown, contacts).
    places = [
        (key, shown.cells[0][index], shown.cells[1][index], sizes[index])
        for index, (key, _) in enumerate(columns)
    ]
    whole = ("total", shown.row_totals[0], shown.row_totals[1], sum(sizes))

    def statistic(pick: int, place) -> object:
        column, within, beyond, items = place
        if not items:
            return NOT_APPLICABLE
        value = derived(minutes.get((pick, column)), items=items)
        return None if value is None else str(value)

    def share(place) -> object:
        _, within, beyond, items = place
        if not items:
            return NOT_APPLICABLE
        value = derived(within, within, beyond, items=items)
        return None if value is None else f"{round(100 * value / items)}%"

    labels = {50: "Median minutes to first contact", 90: "90th percentile minutes"}
    rows: list[StatisticRow] = [
        (label, [statistic(pick, place) for place in places], statistic(pick, whole))
        for pick, label in labels.items()
    ]
    rows.append(
        (
            f"Share contacted within {contact_target_hours()} hours",
            [share(place) for place in places],
            share(whole),
        )
    )
    by_urgency = urgency_contacts(scope)

    def urgency_share(urgency: str, place) -> object:
        """Hidden like the share above: when its band figures are (not published at this
        period size, or protecting a small one), or when it rests on fewer contacts than the
        threshold."""
        column, within, beyond, _ = place
        met, recorded = by_urgency.get((urgency, column), (0, 0))
        if not recorded:
            return NOT_APPLICABLE
        value = derived(met, within, beyond, items=recorded)
        return None if value is None else f"{round(100 * met / recorded)}%"

    for urgency, label in Urgency.choices:
        target = target_text(int(target_for(urgency).total_seconds() // 60))
        rows.append(
            (
                gettext('Share of "%(urgency)s" requests contacted within %(target)s')
                % {"urgency": str(label).lower(), "target": target},
                [urgency_share(urgency, place) for place in places],
                urgency_share(urgency, whole),
            )
        )
    return rows


# ---- redirections and survey --------------------------------------------------------------------


def redirections_by_reason(scope: Scope) -> Triples:
    found = Redirection.objects.filter(
        occurred_on__gte=scope.range.start, occurred_on__lt=scope.range.end
    )
    return period_rows(found, "reason", "occurred_on", scope)


def survey_answers(scope: Scope) -> QuerySet:
    return SurveyResponse.objects.filter(month__gte=scope.range.start, month__lt=scope.range.end)


def survey_ratings(scope: Scope) -> Triples:
    found = survey_answers(scope).values("rating", "month").annotate(count=Count("pk"))
    return per_period(fetched(found.order_by()), "rating", scope)


def survey_recommend(scope: Scope) -> Triples:
    found = survey_answers(scope).values("would_recommend", "month").annotate(count=Count("pk"))
    return per_period(fetched(found.order_by()), "would_recommend", scope)


def rating_statistics(scope: Scope, columns: list, table: Counted) -> list[StatisticRow]:
    """The average rating, shown only when every count it is computed from is shown."""
    shown = table.shown

    def average(cells: list, total_shown, items: int) -> object:
        if not items:
            return NOT_APPLICABLE
        if any(cell is None for cell in cells):
            return None
        mean = sum(rating * count for rating, count in zip(range(1, 6), cells, strict=True)) / items
        value = derived(mean, total_shown, items=items)
        return None if value is None else f"{value:.1f}"

    raw = table.raw_column_totals
    per_column = [
        average([row[index] for row in shown.cells], shown.column_totals[index], raw[index])
        for index in range(len(columns))
    ]
    overall = average(shown.row_totals, shown.total, table.raw_total)
    return [("Average rating (1 to 5)", per_column, overall)]


def recommend_statistics(scope: Scope, columns: list, table: Counted) -> list[StatisticRow]:
    shown = table.shown

    raw = table.raw_column_totals

    def share(yes, total_shown, items: int) -> object:
        if not items:
            return NOT_APPLICABLE
        value = derived(yes, yes, total_shown, items=items)
        return None if value is None else f"{round(100 * yes / items)}%"

    return [
        (
            "Share who would recommend it",
            [share(shown.cells[0][i], shown.column_totals[i], raw[i]) for i in range(len(columns))],
            share(shown.row_totals[0], shown.total, table.raw_total),
        )
    ]


# ---- supporter pool (a snapshot of today) ----------------------------------------------------

POOL_STATUSES = [
    (SupporterStatus.ACTIVE.value, "Active"),
    (SupporterStatus.PAUSED.value, "Paused"),
    (SupporterStatus.ON_LEAVE.value, "On leave"),
]


def supporters(scope: Scope) -> QuerySet:
    found = SupporterProfile.objects.all()
    if scope.unit_ids is not None:
        found = found.filter(
            Q(home_unit_id__in=scope.unit_ids) | Q(home_unit__parent_id__in=scope.unit_ids)
        )
    return found


def pool_by_role_type(scope: Scope) -> Triples:
    return iter(small_lists(scope)[2])


def coverage_by_unit(scope: Scope) -> Triples:
    """Active, trained supporters per unit (units without one show 0)."""
    return ((pk, "now", count) for pk, _, _, count in units_with_parents(scope))


# ---- training and community meetings ----------------------------------------------------------
#
# Sessions held and feedback belong to the whole program: sessions have no unit and feedback
# answers carry no person, so a local lead sees neither. Attendance (of training sessions and of
# the Peer Supporter Community meetings) is attributed to the attendee's home unit, so a local
# lead sees the attendance of their own units' supporters.


def course_rows(scope: Scope) -> list[tuple[Key, str]]:
    return small_lists(scope)[1]


def sessions_held(scope: Scope) -> QuerySet:
    """Sessions that took place (not cancelled) starting within the range."""
    start, end = scope.bounds()
    return TrainingSession.objects.filter(
        status=SessionStatus.SCHEDULED,
        starts_at__gte=start,
        starts_at__lt=end,
    )


def in_scope_units(scope: Scope, profile: str) -> Q:
    """People whose supporter profile's home unit is in the viewer's units (always true for all)."""
    if scope.unit_ids is None:
        return Q()
    return Q(**{f"{profile}__home_unit_id__in": scope.unit_ids}) | Q(
        **{f"{profile}__home_unit__parent_id__in": scope.unit_ids}
    )


def trainings_held(scope: Scope) -> Triples:
    return period_rows(sessions_held(scope), "course_id", "starts_at", scope)


def training_attendance(scope: Scope) -> Triples:
    """Enrolments marked attended, by the session's course and start, in the viewer's units."""
    attended = Enrolment.objects.filter(
        Q(attended=True, session__in=sessions_held(scope)),
        in_scope_units(scope, "user__supporter_profile"),
    )
    return period_rows(attended, "session__course_id", "session__starts_at", scope)


def feedback_answers(scope: Scope) -> QuerySet:
    return FeedbackResponse.objects.filter(session__in=sessions_held(scope))


def training_feedback(scope: Scope) -> Triples:
    """Feedback answers per course and period (of the session answered about)."""
    fetched(feedback_scores(scope))  # read with the counts (prefetch_counts), for the means
    return period_rows(feedback_answers(scope), "session__course_id", "session__starts_at", scope)


FEEDBACK_SCORE = (F("content_rating") + F("facilitation_rating") + F("usefulness_rating")) / 3.0


def feedback_scores(scope: Scope) -> QuerySet:
    """The sum of the answers' scores per course and month (shaped like a count, so that it is
    read in the same statement as the counts)."""
    return (
        feedback_answers(scope)
        .annotate(month=TruncMonth("session__starts_at"))
        .values("session__course_id", "month")
        .annotate(count=Sum(FEEDBACK_SCORE, output_field=FloatField()))
        .order_by()
    )


def feedback_statistics(scope: Scope, columns: list, table: Counted) -> list[StatisticRow]:
    """Each course's mean rating (the mean of its three 1-to-5 ratings), per period and overall.

    One aggregate query sums the scores per course and month; a mean is shown only when the
    number of answers it rests on is shown and is more than the threshold.
    """
    monthly = feedback_scores(counting_years(scope))  # read with the counts
    column_of = {key: index for index, (key, _) in enumerate(columns)}
    scores: dict[tuple[Key, int], float] = {}
    for course_id, start, score in per_period(fetched(monthly), "session__course_id", scope):
        if start not in column_of:  # a month of the counted years outside the range
            continue
        place = (course_id, column_of[start])
        scores[place] = scores.get(place, 0) + score
    shown = table.shown
    rows: list[StatisticRow] = []
    for index, (course_id, name) in enumerate(table.rows):
        raw = table.raw_counts[index]
        row_sums = [scores.get((course_id, j), 0) for j in range(len(columns))]

        def mean(total_score, count_shown, items: int) -> object:
            if not items:
                return NOT_APPLICABLE
            value = derived(total_score / items, count_shown, items=items)
            return None if value is None else f"{value:.1f}"

        rows.append(
            (
                f"Mean rating, {name} (1 to 5)",
                [mean(row_sums[j], shown.cells[index][j], raw[j]) for j in range(len(columns))],
                mean(sum(row_sums), shown.row_totals[index], sum(raw)),
            )
        )
    return rows


def community_attendance(scope: Scope) -> Triples:
    """People at Peer Supporter Community meetings (one a quarter), by the meeting's day."""
    found = Attendance.objects.filter(
        Q(
            meeting__kind=MeetingKind.COMMUNITY,
            occurrence_on__gte=scope.range.start,
            occurrence_on__lt=scope.range.end,
        ),
        in_scope_units(scope, "user__supporter_profile"),
    ).annotate(row=Value("attended"))
    return period_rows(found, "row", "occurrence_on", scope)


MEASURES: list[Measure] = [
    Measure(
        key="interventions",
        shares_totals="interventions",
        title="Interventions",
        dimension="Kind",
        description="Support requests and reach-in outreach contacts, by the month requested.",
        rows=lambda scope: list(InterventionKind.choices),
        counts=interventions_by_kind,
    ),
    Measure(
        key="interventions_by_category",
        shares_totals="interventions",
        title="Interventions by category",
        dimension="Category",
        rows=lambda scope: list(Category.choices),
        counts=interventions_by_category,
        chart="rows",
    ),
    Measure(
        key="interventions_by_department",
        shares_totals="interventions",
        title="Interventions by department",
        dimension="Department",
        rows=department_rows,
        counts=interventions_by_department,
        shown_at_level=Level.DEPARTMENT,
        chart="rows",
    ),
    # Counted on every page with its departments (their states are decided together, the same
    # in every download: reports/disclosure.py); shown when counting by unit.
    Measure(
        key="interventions_by_unit",
        shares_totals="interventions",
        title="Interventions by unit",
        dimension="Unit",
        rows=unit_rows,
        counts=interventions_by_unit,
        shown_at_level=Level.UNIT,
        coarser_level=True,
        chart="rows",
        by_department=True,
    ),
    Measure(
        key="interventions_by_supporter_role",
        shares_totals="interventions",
        title="Interventions by supporter role type",
        dimension="Supporter role type",
        rows=lambda scope: [*JobRoleType.choices, ("", "Not recorded")],
        counts=interventions_by_role_type,
        chart="rows",
    ),
    Measure(
        key="time_to_first_contact",
        shares_totals="interventions",
        title="Time from request to first contact",
        dimension="First contact",
        description="Median and 90th percentile by the nearest rank; the target is in settings.",
        rows=contact_band_rows,
        counts=contact_bands,
        statistics=contact_statistics,
    ),
    Measure(
        key="redirections",
        title="Requests redirected",
        dimension="Reason",
        description="Out-of-scope requests sent to Human Resources, the EAP or crisis resources.",
        rows=lambda scope: list(RedirectReason.choices),
        counts=redirections_by_reason,
        hospital_wide_only=True,
    ),
    Measure(
        key="supporter_pool",
        title="Supporter pool by role type",
        dimension="Role type",
        rows=lambda scope: list(JobRoleType.choices),
        counts=pool_by_role_type,
        snapshot=True,
        snapshot_columns=POOL_STATUSES,
        chart="rows",
    ),
    Measure(
        key="unit_coverage",
        title="Unit coverage: active trained supporters",
        dimension="Unit",
        description="A unit showing 0 has no active trained supporter.",
        rows=unit_rows,
        counts=coverage_by_unit,
        snapshot=True,
        snapshot_columns=[("now", "Active trained supporters")],
        chart="rows",
        by_department=True,
    ),
    Measure(
        key="survey_ratings",
        shares_totals="survey",
        title="After-support survey: ratings",
        dimension="Rating",
        rows=lambda scope: [(rating, f"{rating} of 5") for rating in range(1, 6)],
        counts=survey_ratings,
        statistics=rating_statistics,
        hospital_wide_only=True,
    ),
    Measure(
        key="survey_recommend",
        shares_totals="survey",
        title="After-support survey: would recommend it to a colleague",
        dimension="Answer",
        rows=lambda scope: [(True, "Yes"), (False, "No")],
        counts=survey_recommend,
        statistics=recommend_statistics,
        hospital_wide_only=True,
    ),
    Measure(
        key="trainings_held",
        title="Training sessions held",
        dimension="Course",
        description="Sessions that took place (cancelled ones are not counted), whole program.",
        rows=course_rows,
        counts=trainings_held,
        hospital_wide_only=True,
        chart="rows",
    ),
    Measure(
        key="training_attendance",
        title="Training attendance",
        dimension="Course",
        description="People marked as attended, by the month of the session; a local lead sees"
        " the supporters of their own units only.",
        rows=course_rows,
        counts=training_attendance,
        chart="rows",
    ),
    Measure(
        key="training_feedback",
        title="Training feedback",
        dimension="Course",
        description="Anonymous answers to the after-session survey and each course's mean rating"
        " (the mean of content, facilitation and usefulness, 1 to 5). Answers carry no person,"
        " so they are not shown to local leads.",
        rows=course_rows,
        counts=training_feedback,
        statistics=feedback_statistics,
        hospital_wide_only=True,
        chart="rows",
    ),
    Measure(
        key="community_meeting_attendance",
        title="Peer Supporter Community meeting attendance",
        dimension="Attendance",
        description="People at the quarterly community meetings, by the day of the meeting; a"
        " local lead sees the supporters of their own units only.",
        rows=lambda scope: [("attended", "People attending")],
        counts=community_attendance,
    ),
]
