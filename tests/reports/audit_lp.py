"""The linear program behind the disclosure audits: downloaded figures as equations, and the
smallest and largest value each hidden small cell can take given all of them.

An audit names its unknowns (finest cells: one row of one measure, in one part of the hospital,
in one month), adds every downloaded figure as the sum of the unknowns it adds up (a shown figure
as an equation, a hidden one as the range its marker admits), and asks `ranges` for the interval
of each candidate sum. Solved with HiGHS (the solver behind SciPy's `linprog(method="highs")`,
through its own Python API so that one model serves every candidate). The interval is that of the
linear relaxation (a superset of the integer one): when it reaches both 1 and the threshold, so
does the integer range, up to rounding, which the audits allow.
"""

from __future__ import annotations

from collections.abc import Callable

import highspy
import numpy as np
from scipy.sparse import csr_matrix

from reports import suppression

RANDOM_POINTS = 40
DISTINCT_MARKERS = hasattr(suppression, "protecting_marker")


def hidden_bounds(value: str) -> tuple[float, float | None] | None:
    """What the marker tells: a small count is 1 to the threshold; any other hidden figure
    could be anything (where one marker serves every hidden figure, at least 1)."""
    limit = suppression.threshold()
    if value == suppression.marker():
        return (1, limit) if DISTINCT_MARKERS else (1, None)
    if DISTINCT_MARKERS and value == suppression.protecting_marker():
        return (0, None)
    return None


class LinearSystem:
    """Unknowns (`index`: name -> column, all at least 0) and the figures known about them."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.eq_rows: list[dict[int, float]] = []
        self.eq_values: list[float] = []
        self.ub_rows: list[dict[int, float]] = []
        self.ub_values: list[float] = []

    def unknown(self, key: tuple) -> int:
        return self.index.setdefault(key, len(self.index))

    def add_sum(self, cells: dict[int, float], value: str) -> None:
        """A downloaded figure, the sum of `cells`: a count, or a marker."""
        if not cells:
            return
        if value.isdigit():
            self.eq_rows.append(cells)
            self.eq_values.append(float(value))
            return
        bounds = hidden_bounds(value)
        assert bounds is not None, f"not a count nor a marker: {value!r}"
        low, high = bounds
        self.ub_rows.append({i: -v for i, v in cells.items()})
        self.ub_values.append(-low)
        if high is not None:
            self.ub_rows.append(cells)
            self.ub_values.append(float(high))

    def matrix(self, rows: list[dict[int, float]]):
        data, row_index, column_index = [], [], []
        for r, row in enumerate(rows):
            for c, v in row.items():
                row_index.append(r)
                column_index.append(c)
                data.append(v)
        return csr_matrix((data, (row_index, column_index)), shape=(len(rows), len(self.index)))

    def ranges(self, candidates: list[dict[int, float]], limit: int) -> list[tuple[float, float]]:
        """The smallest and largest value of each candidate sum consistent with every figure.

        One HiGHS model holds every figure; each candidate only changes the objective, so each
        solve starts from the last one's basis (milliseconds, where a fresh model takes tenths).
        """
        rows = self.eq_rows + self.ub_rows
        matrix = self.matrix(rows).tocsc()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(self.index), len(rows)
        lp.col_cost_ = np.zeros(len(self.index))
        lp.col_lower_ = np.zeros(len(self.index))
        lp.col_upper_ = np.full(len(self.index), highspy.kHighsInf)
        lp.row_lower_ = np.array(self.eq_values + [-highspy.kHighsInf] * len(self.ub_rows))
        lp.row_upper_ = np.array(self.eq_values + self.ub_values)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        solver.passModel(lp)
        # Every solution found is a point the figures allow: a candidate already seen at both
        # ends of the rule's range needs no solve of its own.
        seen_low = np.full(len(self.index), np.inf)
        seen_high = np.full(len(self.index), -np.inf)
        all_columns = np.arange(len(self.index), dtype=np.int32)

        def solve() -> np.ndarray | None:
            solver.run()
            if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            point = np.array(solver.getSolution().col_value)
            np.minimum(seen_low, point, out=seen_low)
            np.maximum(seen_high, point, out=seen_high)
            return point

        # A few random objectives first: their solutions are far-apart points that settle most
        # candidates without a solve of their own.
        generator = np.random.default_rng(0)
        solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
        for _ in range(RANDOM_POINTS):
            costs = generator.choice([-1.0, 1.0], size=len(self.index))
            solver.changeColsCost(len(all_columns), all_columns, costs)
            solve()
        solver.changeColsCost(len(all_columns), all_columns, np.zeros(len(self.index)))
        found = []
        for cells in candidates:
            columns = np.array(list(cells), dtype=np.int32)
            weights = np.array(list(cells.values()))
            if len(columns) == 1 and seen_low[columns[0]] <= 1 and seen_high[columns[0]] >= limit:
                found.append((seen_low[columns[0]], seen_high[columns[0]]))
                continue
            solver.changeColsCost(len(columns), columns, weights)
            extremes = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                solver.changeObjectiveSense(sense)
                if solve() is None:
                    status = solver.getModelStatus()
                    assert status == highspy.HighsModelStatus.kUnbounded, status
                    extremes.append(float("inf"))
                    continue
                extremes.append(solver.getInfo().objective_function_value)
            solver.changeColsCost(len(columns), columns, np.zeros(len(columns)))
            found.append((extremes[0], extremes[1]))
        return found


def small_candidates(
    system: LinearSystem,
    hidden: list[tuple[str, dict[int, float]]],
    true_value: Callable[[dict[int, float]], int],
    limit: int,
) -> list[tuple[str, dict[int, float], int]]:
    """What to solve for: every unknown and every hidden figure (name, cells) whose true value
    is small, as (name, cells, true value)."""
    candidates = {frozenset({i}): (str(key), {i: 1.0}) for key, i in system.index.items()}
    for name, cells in hidden:
        candidates.setdefault(frozenset(cells), (name, cells))
    return [
        (name, cells, value)
        for name, cells in candidates.values()
        if 1 <= (value := true_value(cells)) <= limit
    ]


def quarters_and_years(system: LinearSystem) -> list[tuple[str, dict[int, float]]]:
    """Every unknown's quarters and calendar years (name, cells), for unknowns named with the
    index of their month last (the months counted from a January)."""
    found = []
    for key in list(system.index):
        first = key[-1]
        for length in (3, 12):
            if first % length == 0:
                months = range(first, first + length)
                cells = {system.index[(*key[:-1], m)]: 1.0 for m in months}
                found.append((f"{key[:-1]} months {months.start}-{months.stop - 1}", cells))
    return found


def pinned(
    system: LinearSystem,
    small: list[tuple[str, dict[int, float], int]],
    limit: int,
    floors: list[int] | None = None,
) -> list[tuple[str, int, float, float]]:
    """The small candidates (name, cells, true value) pinned tighter than 1 to the threshold.

    `floors`, when given, is each candidate's least value that the markers of its own parts
    already say (a sum over several years each shown "<11" is at least their number): the
    range must reach down to it rather than to 1.
    """
    floors = floors or [1] * len(small)
    found = []
    for (name, _, truth), floor, (low, high) in zip(
        small, floors, system.ranges([cells for _, cells, _ in small], limit), strict=True
    ):
        if low > max(1, floor) + 1e-6 or high < limit - 1e-6:
            found.append((name, truth, round(low, 2), round(high, 2)))
    return found


def report(found: list) -> str:
    exact = [item for item in found if item[2] == item[3]]
    return (
        f"{len(found)} small hidden cells pinned to a range narrower than 1 to the threshold,"
        f" {len(exact)} of them exactly, e.g. {(exact or found)[:5]}"
    )
