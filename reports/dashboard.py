"""The dashboard as shown: each measure counted, suppressed, labelled and ready for page and CSV.

The page, its charts and the CSV export all read `ShownMeasure`, so they cannot disagree: a figure
hidden on screen is hidden in the chart (drawn as missing) and written as the marker in the CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.utils.translation import gettext

from reports import disclosure, suppression
from reports.measures import (
    MEASURES,
    Counted,
    Measure,
    Scope,
    StatisticRow,
    department_rows,
    prefetch_counts,
    prefetch_interventions,
    remembered,
    unit_departments,
)
from reports.periods import Size, add_months, period_start
from reports.suppression import (
    SuppressedTable,
    display,
    display_statistic,
    lonely_groups,
    suppress_table,
)

# Offer a coarser view when at least this share of a table's non-zero cells is hidden.
COARSER_HINT_SHARE = 0.5
# A table of units longer than this shows each department's units folded under its name (a
# hospital has up to 2,000 units); the CSV has them all, as does the page once unfolded.
GROUP_UNITS_OVER = 30


@dataclass(frozen=True)
class RowGroup:
    """A department's units in a unit table: its name and the indexes of their rows."""

    label: str
    rows: list[int]


@dataclass(frozen=True)
class ShownMeasure:
    measure: Measure
    row_labels: list[str]
    column_keys: list[str]  # as the CSV writes them
    column_labels: list[str]
    total_key: str
    shown: SuppressedTable
    statistics: list[StatisticRow]
    row_groups: list[RowGroup] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.measure.key

    @property
    def title(self) -> str:
        return self.measure.title

    @property
    def shows_row_totals(self) -> bool:
        return len(self.column_keys) > 1

    @property
    def shows_column_totals(self) -> bool:
        return len(self.row_labels) > 1

    @property
    def too_many_hidden(self) -> bool:
        nonzero = self.shown.nonzero_count
        return bool(nonzero) and self.shown.hidden_count / nonzero >= COARSER_HINT_SHARE

    def table_rows(self) -> list[dict]:
        """Rows for the template: label, displayed cells, displayed row total."""
        shown = self.shown
        width = len(self.column_keys)

        def cell(value, i: int, j: int) -> str:
            # A hidden figure's marker is looked up (settings, its cell) only for a hidden one.
            return display(value) if value is not None else display(value, shown.marker_at(i, j))

        return [
            {
                "label": label,
                "cells": [cell(v, i, j) for j, v in enumerate(cells)],
                "total": cell(total, i, width),
            }
            for i, (label, cells, total) in enumerate(
                zip(self.row_labels, shown.cells, shown.row_totals, strict=True)
            )
        ]

    @property
    def grand_total(self) -> str:
        return display(
            self.shown.total, self.shown.marker_at(len(self.row_labels), len(self.column_keys))
        )

    def column_total_cells(self) -> list[str]:
        height = len(self.row_labels)
        return [
            display(value, self.shown.marker_at(height, j))
            for j, value in enumerate(self.shown.column_totals)
        ]

    def statistic_rows(self) -> list[dict]:
        return [
            {
                "label": label,
                "cells": [display_statistic(v) for v in values],
                "total": display_statistic(total),
            }
            for label, values, total in self.statistics
        ]

    def header(self) -> list[str]:
        """The table's column headings: the dimension, the periods (or statuses), the total."""
        return [
            self.measure.dimension,
            *self.column_labels,
            *([gettext("Total")] if self.shows_row_totals else []),
        ]

    def grid(self) -> list[list[str]]:
        """The table's rows as printed: the rows, the totals row, then the statistics."""
        return list(self.printed)

    def grouped(self) -> list[tuple[str, list[list[str]]]]:
        """(department, its units' rows as printed) of a folded unit table, in page order."""
        printed = self.printed
        return [(group.label, [printed[i] for i in group.rows]) for group in self.row_groups]

    def grid_totals(self) -> list[list[str]]:
        """The printed rows after the table's own rows: the totals row and the statistics."""
        return self.printed[len(self.row_labels) :]

    @cached_property
    def printed(self) -> list[list[str]]:
        """The grid, worked out once (the page reads it for the table and its folded parts)."""

        def line(label: str, cells: list[str], total: str) -> list[str]:
            return [label, *cells, *([total] if self.shows_row_totals else [])]

        rows = [line(row["label"], row["cells"], row["total"]) for row in self.table_rows()]
        if rows and self.shows_column_totals:
            rows.append(line(gettext("Total"), self.column_total_cells(), self.grand_total))
        if rows:
            rows += [line(r["label"], r["cells"], r["total"]) for r in self.statistic_rows()]
        return rows

    def figures(self) -> Iterator[tuple[str, str, str]]:
        """(period, dimension, value) of every figure the page shows, in the page's order.

        For a snapshot (supporter pool) the period is today's date and the dimension names both
        the row and the column ("Nurse; Active").
        """
        labels = [*self.column_labels, "Total"]
        keys = [*self.column_keys, self.total_key]

        def place(column: int, row_label: str) -> tuple[str, str]:
            if self.measure.snapshot and len(self.column_keys) > 1:
                return self.total_key, f"{row_label}; {labels[column]}"
            return keys[column], row_label

        last = len(self.column_keys)
        rows = self.table_rows()
        if self.shows_column_totals:
            rows.append(
                {
                    "label": "Total",
                    "cells": self.column_total_cells(),
                    "total": self.grand_total,
                }
            )
        for row in [*rows, *self.statistic_rows()]:
            for column, value in enumerate(row["cells"]):
                yield (*place(column, row["label"]), value)
            if self.shows_row_totals:
                yield (*place(last, row["label"]), row["total"])

    def chart(self) -> dict:
        """Chart.js-ready data: hidden cells are null (drawn as missing), never the threshold."""
        if self.measure.chart == "rows":
            values = (
                self.shown.row_totals
                if self.shows_row_totals
                else [cells[0] for cells in self.shown.cells]
            )
            return {
                "id": f"chart-{self.key}",
                "type": "rows",
                "labels": self.row_labels,
                "datasets": [{"label": self.measure.title, "data": values}],
            }
        return {
            "id": f"chart-{self.key}",
            "type": "bar",
            "labels": self.column_labels,
            "datasets": [
                {"label": label, "data": cells}
                for label, cells in zip(self.row_labels, self.shown.cells, strict=True)
            ],
        }

    def chart_summary(self) -> str:
        """The chart's aria-label: what it shows, when, and where the figures are."""
        if self.measure.snapshot:
            when = f"as of {self.total_key}"
        else:
            when = f"{self.column_labels[0]} to {self.column_labels[-1]}"
        return (
            f"Bar chart of {self.title.lower()}, {when}. The figures are in the table beside it;"
            " hidden small numbers are left out of the chart."
        )


@dataclass
class RawMeasure:
    """A measure's counts as the database gave them, laid out as rows x columns."""

    measure: Measure
    rows: list[tuple]
    columns: list[tuple]
    column_keys: list[str]
    total_key: str
    counts: list[list[int]]


def count_measure(measure: Measure, scope: Scope) -> RawMeasure:
    """Run one measure's aggregate query and lay the counts out as a table."""
    rows = measure.rows(scope)
    if measure.snapshot:
        columns = list(measure.snapshot_columns or [])
        column_keys = [scope.today.isoformat()] * len(columns)
        total_key = scope.today.isoformat()
    else:
        starts = scope.range.starts
        columns = [(start, scope.range.label(start)) for start in starts]
        column_keys = [scope.range.key(start) for start in starts]
        total_key = scope.range.range_key
    row_index = {key: index for index, (key, _) in enumerate(rows)}
    column_index = {key: index for index, (key, _) in enumerate(columns)}
    counts = [[0] * len(columns) for _ in rows]
    for row_key, column_key, count in measure.counts(scope):
        if row_key in row_index and column_key in column_index:
            counts[row_index[row_key]][column_index[column_key]] += count
    return RawMeasure(measure, rows, columns, column_keys, total_key, counts)


def show_measure(raw: RawMeasure, scope: Scope, shown: SuppressedTable) -> ShownMeasure:
    """Label a suppressed table and add its statistics, gated by the same suppression."""
    statistics = []
    if raw.measure.statistics and raw.rows:
        raw_column_totals = [sum(row[j] for row in raw.counts) for j in range(len(raw.columns))]
        counted = Counted(
            shown=shown,
            raw_counts=raw.counts,
            raw_column_totals=raw_column_totals,
            raw_total=sum(raw_column_totals),
            rows=raw.rows,
        )
        statistics = raw.measure.statistics(scope, raw.columns, counted)
    return ShownMeasure(
        measure=raw.measure,
        row_labels=[str(label) for _, label in raw.rows],
        column_keys=raw.column_keys,
        column_labels=[str(label) for _, label in raw.columns],
        total_key=raw.total_key,
        shown=shown,
        statistics=statistics,
        row_groups=row_groups(raw, scope),
    )


def row_groups(raw: RawMeasure, scope: Scope) -> list[RowGroup]:
    """A long unit table's rows by department (departments by name, units as in the table);
    none for any other table. Only the layout: every row keeps its published figures."""
    if not raw.measure.by_department or len(raw.rows) <= GROUP_UNITS_OVER:
        return []
    parents = unit_departments(scope)
    members: dict = {}
    for index, (key, _) in enumerate(raw.rows):
        members.setdefault(parents.get(key), []).append(index)
    groups = [
        RowGroup(label=str(name), rows=members.pop(key))
        for key, name in department_rows(scope)
        if key in members
    ]
    outside = sorted(index for rows in members.values() for index in rows)
    if outside:
        groups.append(RowGroup(label=gettext("Units in no department"), rows=outside))
    return groups


def group_lines(raw: RawMeasure, parent: RawMeasure, scope: Scope) -> list[tuple[int, list]]:
    """(parent row, entries) for each parent row and column: the child rows that add up to it."""
    parent_of = raw.measure.parents(scope) if raw.measure.parents else {}
    parent_index = {key: index for index, (key, _) in enumerate(parent.rows)}
    children: dict[int, list[int]] = {}
    for index, (key, _) in enumerate(raw.rows):
        if parent_of.get(key) in parent_index:
            children.setdefault(parent_index[parent_of[key]], []).append(index)
    width = len(raw.columns) + 1  # the periods and the row total
    return [
        (parent_row, [(i, j) for i in rows])
        for parent_row, rows in sorted(children.items())
        for j in range(width)
    ]


Entry = tuple[int, int]
# Results of one period size: measure key -> (its counts, its suppressed table).
Suppressed = dict[str, tuple[RawMeasure, SuppressedTable]]


def _is_hidden(table: SuppressedTable, row: int, column: int) -> bool:
    """Row len(cells) is the column totals row; column len(columns) is the row totals column."""
    if not table.cells:  # no rows yet (no courses, no units): every total is 0 and shown
        return False
    rows = len(table.cells)
    width = len(table.column_totals)
    if row == rows:
        return (table.total if column == width else table.column_totals[column]) is None
    return (table.row_totals[row] if column == width else table.cells[row][column]) is None


def from_finer_periods(raw: RawMeasure, finer: list[Suppressed]) -> tuple[set, set]:
    """Entries a coarser period must hide, and those the finer reports already give away.

    A quarter is the sum of its months: if exactly one of its months is hidden in the monthly
    report, the quarter is hidden too; if none is, the quarter is given away by the months.
    """
    forced: set[Entry] = set()
    given_away: set[Entry] = set()
    if raw.measure.snapshot:
        return forced, given_away
    starts = [key for key, _ in raw.columns]
    ends = [*starts[1:], None]
    for results in finer:
        if raw.measure.key not in results:
            continue
        finer_raw, finer_table = results[raw.measure.key]
        finer_starts = [key for key, _ in finer_raw.columns]
        for q, (start, end) in enumerate(zip(starts, ends, strict=True)):
            inside = [
                m
                for m, day in enumerate(finer_starts)
                if day >= start and (end is None or day < end)
            ]
            for i in range(len(raw.rows) + 1):
                hidden = sum(_is_hidden(finer_table, i, m) for m in inside)
                if hidden == 1:
                    forced.add((i, q))
                elif hidden == 0:
                    given_away.add((i, q))
    return forced, given_away


def suppress_together(
    raws: list[RawMeasure], scope: Scope, finer: list[Suppressed] = ()
) -> list[SuppressedTable]:
    """Suppress each table so that no table, nor any pair of reports, gives a hidden figure away.

    - Interventions per period is the column total of the kind, category, department, unit,
      role type and first-contact tables alike: a total hidden in one is hidden in all of them.
    - The units of a department add up to the department's figure: within each department and
      period none or at least two unit figures are hidden, or the department's figure is too.
    - A quarter or year hides what its months (and quarters) require (`from_finer_periods`).
    Every hidden entry stays hidden in the next round; rounds go on until nothing changes.
    """
    by_key = {raw.measure.key: raw for raw in raws}
    lines = {
        raw.measure.key: group_lines(raw, by_key[raw.measure.nested_in], scope)
        for raw in raws
        if raw.measure.nested_in in by_key
    }
    forced: dict[str, set[Entry]] = {}
    given_away: dict[str, set[Entry]] = {}
    for raw in raws:
        forced[raw.measure.key], given_away[raw.measure.key] = from_finer_periods(raw, finer)
    hidden_columns: dict[str, set[int]] = {}
    while True:
        tables: dict[str, SuppressedTable] = {}
        for raw in raws:  # parents come before the tables nested in them
            key = raw.measure.key
            parent = tables.get(raw.measure.nested_in)
            tables[key] = suppress_table(
                raw.counts,
                hidden_column_totals=hidden_columns.get(raw.measure.shares_totals, set()),
                group_lines=[
                    entries
                    for parent_row, entries in lines.get(key, [])
                    if parent is not None and not _is_hidden(parent, parent_row, entries[0][1])
                ],
                hidden_entries=forced[key],
                derivable=given_away[key],
            )
        changed = False
        for raw in raws:
            key, table, group = raw.measure.key, tables[raw.measure.key], raw.measure.shares_totals
            height, width = len(raw.rows) + 1, len(raw.columns) + 1
            hidden = {
                (i, j) for i in range(height) for j in range(width) if _is_hidden(table, i, j)
            }
            if not hidden <= forced[key]:
                forced[key] |= hidden
                changed = True
            if group:
                columns = {j for j, value in enumerate(table.column_totals) if value is None}
                if not columns <= hidden_columns.setdefault(group, set()):
                    hidden_columns[group] |= columns
                    changed = True
            groups = lines.get(key, [])
            parent_key = raw.measure.nested_in
            for index in lonely_groups(table, [entries for _, entries in groups]):
                parent_row, entries = groups[index]
                if not _is_hidden(tables[parent_key], parent_row, entries[0][1]):
                    forced[parent_key].add((parent_row, entries[0][1]))
                    changed = True
            for parent_row, entries in groups:  # a department whose units all show is given away
                if not any(_is_hidden(table, i, j) for i, j in entries):
                    given_away[parent_key].add((parent_row, entries[0][1]))
        if not changed:
            return [tables[raw.measure.key] for raw in raws]


SIZES_UP_TO = {
    Size.MONTH: [Size.MONTH],
    Size.QUARTER: [Size.MONTH, Size.QUARTER],
    Size.YEAR: [Size.MONTH, Size.QUARTER, Size.YEAR],
}


FAMILIES = {
    "interventions": "kind",
    "interventions_by_category": "category",
    "interventions_by_supporter_role": "role",
    "time_to_first_contact": "band",
    "interventions_by_department": "department",
    "interventions_by_unit": "unit",
}


def monthly_counts(measures: list[Measure], scope: Scope) -> dict[str, RawMeasure]:
    """Each intervention measure counted by month over the calendar years the range touches."""
    years = replace(scope, range=disclosure.whole_years(scope.range))
    return {m.key: count_measure(m, years) for m in measures}


def as_counts(raws: dict[str, RawMeasure]) -> disclosure.Counts:
    families = {}
    for key, raw in raws.items():
        months = [start for start, _ in raw.columns]
        families[FAMILIES[key]] = {
            row_key: dict(zip(months, raw.counts[i], strict=True))
            for i, (row_key, _) in enumerate(raw.rows)
        }
    kinds = raws["interventions"]
    months = [start for start, _ in kinds.columns]
    totals = {m: sum(row[j] for row in kinds.counts) for j, m in enumerate(months)}
    return disclosure.Counts(families=families, totals=totals)


def at_size(raw: RawMeasure, scope: Scope) -> RawMeasure:
    """A monthly-counted measure laid out in the range's periods (summed, no new query)."""
    starts = scope.range.starts
    size = scope.range.size
    index = {start: j for j, start in enumerate(starts)}
    # Where each month goes (or None: outside the range), worked out once for every row.
    targets = [
        index.get(period_start(month, size))
        if scope.range.start <= month < scope.range.end
        else None
        for month, _ in raw.columns
    ]
    kept = [(j, target) for j, target in enumerate(targets) if target is not None]
    counts = []
    for row in raw.counts:
        sized = [0] * len(starts)
        for j, target in kept:
            sized[target] += row[j]
        counts.append(sized)
    return RawMeasure(
        raw.measure,
        raw.rows,
        [(start, scope.range.label(start)) for start in starts],
        [scope.range.key(start) for start in starts],
        scope.range.range_key,
        counts,
    )


@dataclass(frozen=True)
class InterventionCounts:
    """One viewer's and the hospital's intervention breakdowns by month over whole years."""

    mine_raws: dict[str, RawMeasure]
    mine: disclosure.Counts
    hospital: disclosure.Counts
    parents: dict
    unit_ids: set


def intervention_counts(scope: Scope) -> InterventionCounts:
    """The monthly counts over the calendar years the range touches (once per request and
    years, within `one_read`: the default view's candidates, the page and the headline share)."""
    by_key = {m.key: m for m in MEASURES if m.key in FAMILIES}
    hospital_scope = replace(scope, unit_ids=None)
    prefetch_interventions(
        replace(place, range=disclosure.whole_years(scope.range))
        for place in {scope, hospital_scope}
    )
    mine_raws = monthly_counts(list(by_key.values()), scope)
    hospital_raws = (
        mine_raws if scope.hospital_wide else monthly_counts(list(by_key.values()), hospital_scope)
    )
    mine = as_counts(mine_raws)
    return InterventionCounts(
        mine_raws=mine_raws,
        mine=mine,
        hospital=mine if scope.hospital_wide else as_counts(hospital_raws),
        parents=unit_departments(hospital_scope),
        unit_ids={key for key, _ in mine_raws["interventions_by_unit"].rows},
    )


def publication(scope: Scope, year: int, counted: InterventionCounts) -> disclosure.Publication:
    """One calendar year's decisions for this viewer, taken once per request: they depend on
    that year's figures only, the same whichever range holds the year."""
    limit = suppression.threshold()
    return remembered(
        ("publication", year, scope.unit_ids, scope.level, scope.today, limit),
        lambda: disclosure.decide_year(
            year=year,
            mine=counted.mine,
            hospital=counted.hospital,
            hospital_wide=scope.hospital_wide,
            unit_ids=counted.unit_ids,
            parents=counted.parents,
            limit=limit,
        ),
    )


def publish_interventions(measures: list[Measure], scope: Scope) -> list[tuple]:
    """The intervention measures as published under the fixed grains (reports/disclosure.py)."""
    if not measures:
        return []
    years = replace(scope, range=disclosure.whole_years(scope.range))
    counted = remembered(("intervention counts", years), lambda: intervention_counts(scope))
    limit = suppression.threshold()
    publications = {
        year: publication(scope, year, counted)
        for year in disclosure.publish_year_range(scope.range)
    }
    totals = disclosure.total_states(scope.range, publications, counted.mine.totals)
    found = []
    for measure in measures:
        raw = at_size(counted.mine_raws[measure.key], scope)
        period_totals = [sum(row[j] for row in raw.counts) for j in range(len(raw.columns))]
        shown = disclosure.table(
            family=FAMILIES[measure.key],
            rows=[key for key, _ in raw.rows],
            counts=raw.counts,
            report_range=scope.range,
            totals=period_totals,
            publications=publications,
            total_states=totals,
            limit=limit,
        )
        found.append((raw, shown))
    return found


def build_dashboard(scope: Scope) -> list[ShownMeasure]:
    """Every measure this viewer's scope allows, counted, suppressed, in page order.

    The intervention measures follow the fixed publication grains of reports/disclosure.py, the
    same in every download. The others are suppressed table by table; for quarters and years
    the months (and quarters) are counted and suppressed first, so a coarser report never gives
    away what a finer one hides.
    """
    measures = [m for m in MEASURES if scope.hospital_wide or not m.hospital_wide_only]
    interventions = [m for m in measures if m.key in FAMILIES]
    others = [m for m in measures if m.key not in FAMILIES]
    published = {
        raw.measure.key: (raw, t) for raw, t in publish_interventions(interventions, scope)
    }
    finer: list[Suppressed] = []
    by_month = replace(scope, range=replace(scope.range, size=Size.MONTH))
    prefetch_counts([m for m in others if not m.snapshot], by_month)
    monthly = {m.key: count_measure(m, by_month) for m in others if not m.snapshot}
    for size in SIZES_UP_TO[Size(scope.range.size)]:
        sized = replace(scope, range=replace(scope.range, size=size))
        final = size == scope.range.size
        raws = [
            count_measure(m, sized) if m.snapshot else at_size(monthly[m.key], sized)
            for m in others
            if final or not m.snapshot
        ]
        tables = suppress_together(raws, sized, finer)
        finer.append({raw.measure.key: (raw, t) for raw, t in zip(raws, tables, strict=True)})
    published.update(finer[-1])
    return [
        show_measure(published[m.key][0], scope, published[m.key][1])
        for m in measures
        if m.shown_at_level in ("", scope.level)
    ]


def headline_view(scope: Scope) -> list[ShownMeasure]:
    """Only what the headline's figures are read from (interventions, time to first contact),
    published exactly as on the page: enough to choose the default view."""
    wanted = [m for m in MEASURES if m.key in ("interventions", "time_to_first_contact")]
    return [show_measure(raw, scope, shown) for raw, shown in publish_interventions(wanted, scope)]


def previous_scope(scope: Scope) -> Scope:
    """The range of the same length just before this one, same place and period size."""
    months = len(scope.range.starts) * {"month": 1, "quarter": 3, "year": 12}[scope.range.size]
    return replace(
        scope,
        range=replace(
            scope.range,
            start=add_months(scope.range.start, -months),
            end=scope.range.start,
        ),
    )


def previous_total(scope: Scope) -> str:
    """The interventions total of the range just before this one, as it would be published."""
    kinds = [m for m in MEASURES if m.key == "interventions"]
    raw, shown = publish_interventions(kinds, previous_scope(scope))[0]
    del raw
    return display(shown.total, shown.marker_at(len(shown.cells), len(shown.column_totals)))


HEADLINE = ("Interventions", "Median minutes to first contact", "Share contacted within")


def headline_shows(figures: list[tuple[str, str]]) -> bool:
    """Whether the interventions, the median and the share within target all show."""
    wanted = [value for label, value in figures if label.startswith(HEADLINE)]
    return len(wanted) == len(HEADLINE) and all(value.rstrip("%").isdigit() for value in wanted)


def headline(measures: list[ShownMeasure]) -> list[tuple[str, str]]:
    """The few figures a sponsor reads first, taken from the suppressed tables (never recounted)."""
    by_key = {measure.key: measure for measure in measures}
    figures = []
    if "interventions" in by_key:
        figures.append(("Interventions", by_key["interventions"].grand_total))
    contact = by_key.get("time_to_first_contact")
    if contact:
        for label, _, total in contact.statistics:
            if not label.startswith("90th"):
                figures.append((label, display_statistic(total)))
    pool = by_key.get("supporter_pool")
    if pool:
        figures.append(("Active supporters", pool.column_total_cells()[0]))
    return figures
