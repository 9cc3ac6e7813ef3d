"""Small-cell suppression: no small count shows, and no hidden count can be solved for."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import (
    derived,
    display,
    display_statistic,
    suppress_table,
)

LIMIT = 10

# Mostly small counts, so that suppression has work to do; some zeros and some large counts.
counts = st.one_of(st.integers(0, 12), st.integers(0, 60), st.just(0))
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


def grid_with_margins(table):
    grid = [list(row) + [sum(row)] for row in table]
    grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def shown_with_margins(result):
    grid = [list(row) + [total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append(list(result.column_totals) + [result.total])
    return grid


def rank(matrix):
    """Rank by exact Gaussian elimination over the rationals."""
    rows = [[Fraction(value) for value in row] for row in matrix]
    rank_found = 0
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank_found, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank_found], rows[pivot] = rows[pivot], rows[rank_found]
        for r in range(len(rows)):
            if r != rank_found and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank_found][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank_found], strict=True)]
        rank_found += 1
    return rank_found


def solvable_hidden_entries(shown):
    """Hidden entries an attacker can compute exactly from the row and column equations."""
    height, width = len(shown), len(shown[0])
    hidden = [(i, j) for i in range(height) for j in range(width) if shown[i][j] is None]
    if not hidden:
        return []
    # Cells of row i minus its total = 0; cells of column j minus its total = 0.
    equations = [
        [(1 if j < width - 1 else -1) if a == i else 0 for a, j in hidden] for i in range(height)
    ] + [[(1 if i < height - 1 else -1) if b == j else 0 for i, b in hidden] for j in range(width)]
    base = rank(equations)
    solvable = []
    for index, entry in enumerate(hidden):
        unit = [1 if k == index else 0 for k in range(len(hidden))]
        if rank([*equations, unit]) == base:
            solvable.append(entry)
    return solvable


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_count_from_1_to_the_threshold_is_ever_shown(table):
    shown = shown_with_margins(suppress_table(table, limit=LIMIT))
    full = grid_with_margins(table)
    for shown_row, full_row in zip(shown, full, strict=True):
        for value, truth in zip(shown_row, full_row, strict=True):
            assert value is None or value == truth
            assert value is None or not 1 <= value <= LIMIT


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_row_and_column_hides_none_or_at_least_two_entries(table):
    shown = shown_with_margins(suppress_table(table, limit=LIMIT))
    lines = [list(row) for row in shown] + [list(column) for column in zip(*shown, strict=True)]
    for line in lines:
        assert sum(value is None for value in line) != 1, line


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_entry_can_be_computed_back_from_the_totals(table):
    shown = shown_with_margins(suppress_table(table, limit=LIMIT))
    assert solvable_hidden_entries(shown) == []


def test_a_lone_small_cell_takes_the_next_smallest_of_its_period_and_hides_its_range_total():
    result = suppress_table([[5, 40, 50], [30, 60, 70]], limit=LIMIT)
    assert result.cells == [[None, 40, 50], [None, 60, 70]]
    assert result.row_totals == [None, None]  # each row has a hidden month
    assert result.column_totals == [35, 100, 120]
    assert result.total == 255


def test_a_period_hides_alike_whatever_the_range_around_it():
    """Decisions are taken per column, so a narrower range shows a period's figures the same."""
    wide = suppress_table([[5, 40, 12], [30, 60, 3]], limit=LIMIT)
    narrow = suppress_table([[5], [30]], limit=LIMIT)
    assert [row[0] for row in wide.cells] == [row[0] for row in narrow.cells] == [None, None]
    assert wide.column_totals[0] == narrow.column_totals[0] == 35


def test_a_range_total_shows_only_when_every_month_in_it_shows():
    """Otherwise 'last 12 months' minus 'last 11 months' would give the hidden month away."""
    result = suppress_table([[5, 40], [30, 60]], limit=LIMIT)
    assert result.row_totals == [None, None]
    result = suppress_table([[25, 40], [30, 60]], limit=LIMIT)
    assert result.row_totals == [65, 90]


def test_zero_shows_as_zero_and_a_large_count_as_itself():
    result = suppress_table([[0, 120]], limit=LIMIT)
    assert result.cells == [[0, 120]]
    assert result.total == 120


def test_a_total_from_1_to_the_threshold_is_hidden_with_its_cells():
    result = suppress_table([[3], [4]], limit=LIMIT)
    assert result.total is None
    assert result.cells == [[None], [None]]


def test_a_derived_value_hides_with_any_count_it_comes_from_or_too_few_items():
    assert derived(0.9, 45, 50) == 0.9
    assert derived(0.9, None, 50) is None
    assert derived(0.9, 45, None) is None
    # Shown whenever it rests on at least the threshold of items.
    assert derived(30, items=9, limit=10) is None
    assert derived(30, items=10, limit=10) == 30


def test_hidden_figures_have_their_own_markers_never_the_small_count_one(settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "SUPPRESSION_MARKER": "<11"}
    table = suppress_table([[3, 40], [30, 50]])
    assert table.cells[0][0] is None and table.marker_at(0, 0) == "<11"
    partners = [
        (i, j) for i in range(2) for j in range(2) if table.cells[i][j] is None and (i, j) != (0, 0)
    ]
    assert partners and all(table.marker_at(i, j) == "—" for i, j in partners)
    assert display_statistic(None) == "*"
    assert display_statistic(12) == "12"


def test_a_hidden_figure_reads_as_the_configured_marker(settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "SUPPRESSION_MARKER": "<11"}
    assert display(None) == "<11"
    assert display(0) == "0"
    assert display(25) == "25"
