"""Small-cell suppression (SPEC 2.5): the one rule every report table, chart and export goes through.

A table is a grid of counts with its row totals, column totals and grand total. Every entry of the
grid-with-margins sits in two equations (its row's and its column's: cells add up to the total).
Seen that way a table is a bipartite graph: one node per row equation, one per column equation,
and each hidden entry an edge between its row node and its column node. A hidden entry can be
computed back from what is shown exactly when its edge is a bridge of that graph (it lies on no
cycle), so suppression goes on until no hidden entry is a bridge:

1. primary: every count from 1 to the threshold is hidden (zero may show as 0);
2. a row or column with exactly one hidden entry hides its next smallest entry as well;
3. a hidden entry that could still be solved for through a chain of rows and columns (a bridge)
   gets a partner: the smallest shown entry that closes a cycle through it.

Derived values (shares, means, medians, percentiles) are shown only when every count they are
computed from is shown and they rest on more than `threshold` items: see `derived`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.conf import settings

DEFAULT_THRESHOLD = 10


def threshold() -> int:
    return int(settings.PEERSUPPORT.get("SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def marker() -> str:
    return settings.PEERSUPPORT.get("SUPPRESSION_MARKER") or f"<{threshold() + 1}"


@dataclass(frozen=True)
class SuppressedTable:
    """What may be shown of a table: None stands for a hidden entry."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def hidden_count(self) -> int:
        return sum(value is None for row in self.cells for value in row)

    @property
    def nonzero_count(self) -> int:
        return sum(value != 0 for row in self.cells for value in row)


Entry = tuple[int, int]  # (row, column) in the grid with margins: row R and column C are totals


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    limit: int | None = None,
    hidden_column_totals: Collection[int] = (),
    hidden_total: bool = False,
    group_lines: Sequence[Sequence[Entry]] = (),
    hidden_entries: Collection[Entry] = (),
) -> SuppressedTable:
    """Hide small counts and every entry from which a hidden one could be computed back.

    `hidden_column_totals` and `hidden_total` start hidden: totals another table already hides.
    `hidden_entries` (row, column; the totals at index len) start hidden too.
    `group_lines` are further sets of entries whose sum is published elsewhere (the units of a
    department, whose department figure another report shows): each hides none or at least two
    of its entries when it can; a group that cannot (a department of one unit) is the caller's
    to hide in the other table (see `lonely_groups`).
    """
    limit = threshold() if limit is None else limit
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    grid = [[int(value) for value in row] for row in counts]
    for row in grid:
        row.append(sum(row))
    grid.append([sum(grid[i][j] for i in range(rows)) for j in range(columns + 1)])

    entries = [(i, j) for i in range(rows + 1) for j in range(columns + 1)]
    hidden = {(i, j) for i, j in entries if 1 <= grid[i][j] <= limit}
    hidden |= {(rows, j) for j in hidden_column_totals if grid[rows][j] != 0}
    if hidden_total and grid[rows][columns] != 0:
        hidden.add((rows, columns))
    hidden |= {(i, j) for i, j in hidden_entries if grid[i][j] != 0}
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)] + [
        [(i, j) for i in range(rows + 1)] for j in range(columns + 1)
    ]

    def smallest(candidates: list[Entry]) -> Entry:
        # Prefer a non-zero entry (a hidden zero protects nothing), then the smallest, then cells
        # over totals, then reading order: deterministic, so the page and the CSV always agree.
        return min(
            candidates,
            key=lambda e: (
                grid[e[0]][e[1]] == 0,
                grid[e[0]][e[1]],
                e[0] == rows or e[1] == columns,
                e,
            ),
        )

    lines += [list(line) for line in group_lines]
    while True:
        lonely = next(
            (
                line
                for line in lines
                if sum(e in hidden for e in line) == 1 and any(e not in hidden for e in line)
            ),
            None,
        )
        if lonely is not None:
            hidden.add(smallest([e for e in lonely if e not in hidden]))
            continue
        partner = _cycle_partner(hidden, entries)
        if partner is None:
            break
        hidden.add(smallest(partner))

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    return SuppressedTable(
        cells=[[shown(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[shown(i, columns) for i in range(rows)],
        column_totals=[shown(rows, j) for j in range(columns)],
        total=shown(rows, columns),
    )


def lonely_groups(table: SuppressedTable, group_lines: Sequence[Sequence[Entry]]) -> list[int]:
    """Indexes of the group lines left with exactly one hidden entry."""
    rows = len(table.cells)
    columns = len(table.cells[0]) if rows else 0

    def is_hidden(i: int, j: int) -> bool:
        if i == rows:
            return (table.total if j == columns else table.column_totals[j]) is None
        return (table.row_totals[i] if j == columns else table.cells[i][j]) is None

    return [
        index
        for index, line in enumerate(group_lines)
        if sum(is_hidden(i, j) for i, j in line) == 1
    ]


def _cycle_partner(hidden: set[Entry], entries: list[Entry]) -> list[Entry] | None:
    """For the first hidden entry that is a bridge, the shown entries that would close a cycle."""
    for bridge in sorted(hidden):
        others = hidden - {bridge}
        side_a = _reachable(("row", bridge[0]), others)
        if ("column", bridge[1]) in side_a:
            continue
        side_b = _reachable(("column", bridge[1]), others)
        crossing = [
            (i, j)
            for i, j in entries
            if (i, j) not in hidden
            and (
                (("row", i) in side_a and ("column", j) in side_b)
                or (("row", i) in side_b and ("column", j) in side_a)
            )
        ]
        if crossing:
            return crossing
    return None


def _reachable(start: tuple[str, int], edges: set[Entry]) -> set[tuple[str, int]]:
    seen = {start}
    frontier = [start]
    while frontier:
        kind, index = frontier.pop()
        for i, j in edges:
            if kind == "row" and i == index:
                node = ("column", j)
            elif kind == "column" and j == index:
                node = ("row", i)
            else:
                continue
            if node not in seen:
                seen.add(node)
                frontier.append(node)
    return seen


def derived(value, *inputs: int | None, items: int | None = None, limit: int | None = None):
    """A value computed from counts (share, mean, median, percentile), or None to hide it.

    Hidden when any count it is computed from is hidden, or when it rests on `items` that are
    not more than the threshold (a median of ten waits describes ten people).
    """
    limit = threshold() if limit is None else limit
    if value is None or any(count is None for count in inputs):
        return None
    if items is not None and items <= limit:
        return None
    return value


def display(value) -> str:
    """How a figure reads on the page and in the CSV: the marker for a hidden one."""
    if value is None:
        return marker()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
