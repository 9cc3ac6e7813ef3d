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
    counting_years,
    department_rows,
    prefetch_counts,
    prefetch_interventions,
    remembered,
    unit_departments,
)
from reports.periods import add_months, period_start
from reports.suppression import (
    SuppressedTable,
    display,
    display_statistic,
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


def by_month(raw: RawMeasure) -> dict[object, dict]:
    """A monthly-counted measure's rows: row key -> month -> count."""
    months = [start for start, _ in raw.columns]
    return {
        row_key: dict(zip(months, raw.counts[i], strict=True))
        for i, (row_key, _) in enumerate(raw.rows)
    }


def monthly_totals(raw: RawMeasure) -> dict:
    """A monthly-counted measure's total per month."""
    return {m: sum(row[j] for row in raw.counts) for j, (m, _) in enumerate(raw.columns)}


def as_counts(raws: dict[str, RawMeasure]) -> disclosure.Counts:
    families = {FAMILIES[key]: by_month(raw) for key, raw in raws.items()}
    return disclosure.Counts(families=families, totals=monthly_totals(raws["interventions"]))


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


def publish_measures(measures: list[Measure], scope: Scope) -> list[tuple]:
    """The measures outside the interventions (not snapshots) as published: each one's total by
    the finest size at which none of its calendar year's figures is small, its rows by calendar
    year (reports/disclosure.py, `decide_measure_year`), the same in every download.

    Counted once by month over the calendar years the range touches (with the whole hospital's,
    for a local lead, in the same statement); every period size is summed from those months.
    """
    if not measures:
        return []
    years = counting_years(scope)
    places = [years] if scope.hospital_wide else [years, replace(years, unit_ids=None)]
    prefetch_counts([(measure, place) for place in places for measure in measures])
    limit = suppression.threshold()
    groups: dict[str, list[Measure]] = {}
    for measure in measures:  # measures whose rows add up to the same total are decided together
        groups.setdefault(measure.shares_totals or measure.key, []).append(measure)
    found = {}
    for group in groups.values():
        raws = [[count_measure(measure, place) for place in places] for measure in group]
        mine = disclosure.Counts(
            {m.key: by_month(r[0]) for m, r in zip(group, raws, strict=True)},
            monthly_totals(raws[0][0]),
        )
        hospital = disclosure.Counts(
            {m.key: by_month(r[-1]) for m, r in zip(group, raws, strict=True)},
            monthly_totals(raws[0][-1]),
        )
        publications = {
            year: disclosure.decide_measure_year(
                year=year,
                mine=mine,
                hospital=hospital,
                hospital_wide=scope.hospital_wide,
                limit=limit,
            )
            for year in disclosure.publish_year_range(scope.range)
        }
        totals = disclosure.total_states(scope.range, publications, mine.totals)
        for measure, counted in zip(group, raws, strict=True):
            raw = at_size(counted[0], scope)
            shown = disclosure.table(
                family=measure.key,
                rows=[key for key, _ in raw.rows],
                counts=raw.counts,
                report_range=scope.range,
                totals=[sum(row[j] for row in raw.counts) for j in range(len(raw.columns))],
                publications=publications,
                total_states=totals,
                limit=limit,
            )
            single = len(raw.rows) == 1
            found[measure.key] = (raw, disclosure.as_total_row(shown) if single else shown)
    return [found[measure.key] for measure in measures]


def build_dashboard(scope: Scope) -> list[ShownMeasure]:
    """Every measure this viewer's scope allows, counted, suppressed, in page order.

    Every measure over time follows fixed publication grains decided per calendar year
    (reports/disclosure.py), the same in every download: the interventions
    (`publish_interventions`) and the others (`publish_measures`). The snapshots ("as of
    today", one set of columns) are suppressed table by table.
    """
    measures = [m for m in MEASURES if scope.hospital_wide or not m.hospital_wide_only]
    interventions = [m for m in measures if m.key in FAMILIES]
    others = [m for m in measures if m.key not in FAMILIES and not m.snapshot]
    published = {
        raw.measure.key: (raw, shown)
        for raw, shown in [
            *publish_interventions(interventions, scope),
            *publish_measures(others, scope),
        ]
    }
    for measure in measures:
        if measure.snapshot:
            raw = count_measure(measure, scope)
            published[measure.key] = (raw, suppress_table(raw.counts))
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
