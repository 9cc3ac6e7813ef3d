"""Small-cell suppression of one table, the markers, and the gate on derived values.

Every measure over time (interventions, redirections, survey, training, community meetings)
follows the fixed publication grains of reports/disclosure.py, which hold across every download.
What is left here:

- `suppress_table`, for a snapshot ("as of today": the supporter pool, unit coverage), which has
  one set of columns and no other period or range to be combined with. A table is a grid of
  counts with its row totals, column totals and grand total:
  1. every count from 1 to the threshold is hidden, totals included (zero shows as 0);
  2. a column (its cells and its total) never hides exactly one entry: it hides its next
     smallest entry too;
  3. a row total shows only when every cell of its row shows, and the grand total only when
     every column total shows.
- the markers: a small count, a figure hidden to protect one, a statistic hidden;
- `derived`: a share, mean, median or percentile computed from counts.

Derived values (shares, means, medians, percentiles) are shown only when every count they are
computed from is shown and they rest on more than `threshold` items: see `derived`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

DEFAULT_THRESHOLD = 10


def threshold() -> int:
    return int(settings.PEERSUPPORT.get("SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def marker() -> str:
    """What a hidden small count (1 to the threshold) shows."""
    return settings.PEERSUPPORT.get("SUPPRESSION_MARKER") or f"<{threshold() + 1}"


def protecting_marker() -> str:
    """What a figure hidden only to protect a small number elsewhere shows (never the marker)."""
    return settings.PEERSUPPORT.get("SUPPRESSION_PROTECTING_MARKER") or "—"


def statistic_marker() -> str:
    """What a hidden median, percentile, share or mean shows (never the marker)."""
    return settings.PEERSUPPORT.get("SUPPRESSION_STATISTIC_MARKER") or "*"


Entry = tuple[int, int]  # (row, column) in the grid with margins: row R and column C are totals


@dataclass(frozen=True)
class SuppressedTable:
    """What may be shown of a table: None stands for a hidden entry."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    # Hidden entries that are themselves small counts (the rest protect them), as (row, column)
    # with the totals at index len(rows) and len(columns).
    small: frozenset[Entry] = frozenset()

    def marker_at(self, row: int, column: int) -> str:
        """The marker of a hidden entry: small, or hidden to protect a small one."""
        return marker() if (row, column) in self.small else protecting_marker()

    @property
    def hidden_count(self) -> int:
        return sum(value is None for row in self.cells for value in row)

    @property
    def nonzero_count(self) -> int:
        return sum(value != 0 for row in self.cells for value in row)


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    limit: int | None = None,
) -> SuppressedTable:
    """Hide small counts and every entry from which a hidden one could be computed back.

    Entries are (row, column) with the totals at index len(rows) and len(columns).
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
    lines = [[(i, j) for i in range(rows + 1)] for j in range(columns)]

    def partner(candidates: list[Entry]) -> Entry:
        # Prefer non-zero (a hidden zero protects nothing), then the smallest, then cells over
        # totals, then reading order: deterministic, so the page and the CSV always agree.
        return min(
            candidates,
            key=lambda e: (
                grid[e[0]][e[1]] == 0,
                grid[e[0]][e[1]],
                e[0] == rows,
                e,
            ),
        )

    changed = True
    while changed:
        changed = False
        for line in lines:
            shown_here = [e for e in line if e not in hidden]
            if len(line) - len(shown_here) == 1 and shown_here:
                hidden.add(partner(shown_here))
                changed = True
        # A row total hides with any cell of its row; the grand total, which is the sum of the
        # column totals, with any of them.
        for i in range(rows + 1):
            if (
                (i, columns) not in hidden
                and grid[i][columns] != 0
                and any((i, j) in hidden for j in range(columns))
            ):
                hidden.add((i, columns))
                changed = True

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    return SuppressedTable(
        cells=[[shown(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[shown(i, columns) for i in range(rows)],
        column_totals=[shown(rows, j) for j in range(columns)],
        total=shown(rows, columns),
        small=frozenset(e for e in hidden if 1 <= grid[e[0]][e[1]] <= limit),
    )


def derived(value, *inputs: int | None, items: int | None = None, limit: int | None = None):
    """A value computed from counts (share, mean, median, percentile), or None to hide it.

    Hidden when any count given as an input is hidden (a share of shown counts tells nothing
    more; one of a hidden count would give it away), or when it rests on fewer `items` than the
    threshold. A median or percentile passes no inputs: it shows whenever it rests on at least
    the threshold of items, as it is not a sum from which a count can be worked out.
    """
    limit = threshold() if limit is None else limit
    if value is None or any(count is None for count in inputs):
        return None
    if items is not None and items < limit:
        return None
    return value


def display(value, hidden_marker: str | None = None) -> str:
    """How a figure reads on the page and in the CSV: a marker for a hidden one."""
    if value is None:
        return hidden_marker or marker()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def display_statistic(value) -> str:
    """A statistic as it reads: its own marker when hidden, never the small-count marker."""
    return display(value, statistic_marker())
