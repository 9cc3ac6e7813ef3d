"""The dashboard as shown: each measure counted, suppressed, labelled and ready for page and CSV.

The page, its charts and the CSV export all read `ShownMeasure`, so they cannot disagree: a figure
hidden on screen is hidden in the chart (drawn as missing) and written as the marker in the CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reports.measures import MEASURES, Counted, Measure, Scope, StatisticRow
from reports.suppression import SuppressedTable, display, lonely_groups, suppress_table

# Offer a coarser view when at least this share of a table's non-zero cells is hidden.
COARSER_HINT_SHARE = 0.5


@dataclass(frozen=True)
class ShownMeasure:
    measure: Measure
    row_labels: list[str]
    column_keys: list[str]  # as the CSV writes them
    column_labels: list[str]
    total_key: str
    shown: SuppressedTable
    statistics: list[StatisticRow]

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
        return [
            {
                "label": label,
                "cells": [display(value) for value in cells],
                "total": display(total),
            }
            for label, cells, total in zip(
                self.row_labels, self.shown.cells, self.shown.row_totals, strict=True
            )
        ]

    @property
    def grand_total(self) -> str:
        return display(self.shown.total)

    def column_total_cells(self) -> list[str]:
        return [display(value) for value in self.shown.column_totals]

    def statistic_rows(self) -> list[dict]:
        return [
            {"label": label, "cells": [display(v) for v in values], "total": display(total)}
            for label, values, total in self.statistics
        ]

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
                    "total": display(self.shown.total),
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
    )


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


def suppress_together(raws: list[RawMeasure], scope: Scope) -> list[SuppressedTable]:
    """Suppress each table so that no table, nor any pair of them, gives a hidden figure away.

    - "Interventions per month" is the column total of the kind, category, department, unit and
      role type tables alike: a total hidden in one is hidden in all of them.
    - The units of a department add up to the department's figure: within each department and
      period none or at least two unit figures are hidden, or the department's figure is too.
    Tables are suppressed again until nothing changes.
    """
    by_key = {raw.measure.key: raw for raw in raws}
    lines = {
        raw.measure.key: group_lines(raw, by_key[raw.measure.nested_in], scope)
        for raw in raws
        if raw.measure.nested_in in by_key
    }
    hidden_columns: dict[str, set[int]] = {}
    hidden_total: dict[str, bool] = {}
    forced: dict[str, set[tuple[int, int]]] = {}
    while True:
        tables: dict[str, SuppressedTable] = {}
        for raw in raws:  # parents come before the tables nested in them
            key, group = raw.measure.key, raw.measure.shares_totals
            groups = lines.get(key, [])
            parent = tables.get(raw.measure.nested_in)
            width = len(raw.columns)
            shown_groups = [
                entries
                for parent_row, entries in groups
                if parent is not None and _shown(parent, parent_row, entries[0][1], width)
            ]
            tables[key] = suppress_table(
                raw.counts,
                hidden_column_totals=hidden_columns.get(group, set()),
                hidden_total=hidden_total.get(group, False),
                group_lines=shown_groups,
                hidden_entries=forced.get(key, set()),
            )
        changed = False
        for raw in raws:
            table, group = tables[raw.measure.key], raw.measure.shares_totals
            if group:
                columns = {j for j, value in enumerate(table.column_totals) if value is None}
                if not columns <= hidden_columns.setdefault(group, set()):
                    hidden_columns[group] |= columns
                    changed = True
                if table.total is None and not hidden_total.get(group):
                    hidden_total[group] = True
                    changed = True
            groups = lines.get(raw.measure.key, [])
            for index in lonely_groups(table, [entries for _, entries in groups]):
                parent_row, entries = groups[index]
                parent_key = raw.measure.nested_in
                parent_width = len(by_key[parent_key].columns)
                if _shown(tables[parent_key], parent_row, entries[0][1], parent_width):
                    forced.setdefault(parent_key, set()).add((parent_row, entries[0][1]))
                    changed = True
        if not changed:
            return [tables[raw.measure.key] for raw in raws]


def _shown(table: SuppressedTable, row: int, column: int, width: int) -> bool:
    value = table.row_totals[row] if column == width else table.cells[row][column]
    return value is not None


def build_dashboard(scope: Scope) -> list[ShownMeasure]:
    """Every measure this viewer's scope allows, counted, suppressed together, in page order."""
    raws = [
        count_measure(measure, scope)
        for measure in MEASURES
        if scope.hospital_wide or not measure.hospital_wide_only
    ]
    return [
        show_measure(raw, scope, table)
        for raw, table in zip(raws, suppress_together(raws, scope), strict=True)
        if raw.measure.shown_at_level in ("", scope.level)
    ]


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
                figures.append((label, display(total)))
    pool = by_key.get("supporter_pool")
    if pool:
        figures.append(("Active supporters", display(pool.shown.column_totals[0])))
    return figures
