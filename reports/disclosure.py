"""Disclosure control of the intervention figures over everything one viewer can download.

Suppressing each table on its own is not enough: a viewer can download every period size, range
and place level, and their own units next to the hospital's, and solve the lot together. So the
intervention figures follow fixed publication grains, decided per calendar year, the same in
every download (docs/reports.md gives the reasoning and the audit that checks it):

- The number of interventions in the viewer's part of the hospital (every table's column
  totals) is published by month, quarter or year: in each calendar year at the finest of these
  at which none of its figures is a small number (from 1 to the threshold) - for a local lead,
  neither their units' figure nor the rest of the hospital's. Below that grain it is hidden.
- Every breakdown (kind, category, supporter role type, first contact, department, unit) is
  published by calendar year only. Within a year, small counts are hidden and, whenever one is,
  a large one of the same line is hidden with it, so their sum (which the total gives away)
  pins neither. A unit's partner is a unit of the same department, or the department is hidden
  too. When a line has no such partner, the year's total (at every size) and every figure of the
  year are hidden. A local lead's figure is hidden as well ("—") when the rest of the hospital's
  (the hospital figure less the lead's) would be a small number; it is then no partner, and a
  lead's partner leaves at least the threshold to the rest of the hospital.
- A total over the chosen range shows only when every figure it adds up shows.

Hidden figures are `HIDDEN_SMALL` (a small count: shown "<11") or `HIDDEN` (hidden to protect a
small number, or not published at this grain: shown "—", and possibly small itself).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, partial

from reports.periods import MONTHS_IN, ReportRange, Size, add_months
from reports.suppression import SuppressedTable, threshold

HIDDEN_SMALL = "small"
HIDDEN = "hidden"
State = int | str  # a count shown, or one of the two hidden states

SIZES = [Size.MONTH, Size.QUARTER, Size.YEAR]


def is_small(value: int, limit: int) -> bool:
    return 1 <= value <= limit


def hide(value: int, limit: int) -> State:
    """A hidden figure's state: zero is never hidden (it protects nothing)."""
    if value == 0:
        return 0
    return HIDDEN_SMALL if is_small(value, limit) else HIDDEN


def period_sums(monthly: dict[datetime.date, int], year: int, size: str) -> list[int]:
    """The figures of one calendar year at a period size, from its monthly figures."""
    months = MONTHS_IN[size]
    return [
        sum(monthly.get(datetime.date(year, start + offset, 1), 0) for offset in range(months))
        for start in range(1, 13, months)
    ]


def total_grain(series: list[dict[datetime.date, int]], year: int, limit: int) -> str | None:
    """The finest size at which no figure of any of these monthly series is small in this
    year; None when even the year is (then the year figure is hidden as small)."""
    for size in SIZES:
        if not any(is_small(v, limit) for s in series for v in period_sums(s, year, size)):
            return size
    return None


def protect_line(line: dict, states: dict, limit: int, *, partners: Callable | None = None) -> None:
    """Hide a large figure of a line (figures whose sum is published) next to its small ones.

    `line` maps keys to values, `states` the keys already decided hidden. When any figure is
    hidden and none of the hidden is at least twice the threshold, the smallest shown figure
    that is (among `partners(key)` when given) is hidden too; with none, every non-zero figure.
    """
    hidden = [key for key in line if states.get(key) in (HIDDEN, HIDDEN_SMALL)]
    if not hidden or any(line[key] >= 2 * limit for key in hidden):
        return
    hidden_keys = set(hidden)
    candidates = [key for key in line if key not in hidden_keys and line[key] >= 2 * limit]
    if partners is not None:
        allowed = set(partners(hidden))
        candidates = [key for key in candidates if key in allowed]
    if candidates:
        states[min(candidates, key=lambda key: (line[key], str(key)))] = HIDDEN
        return
    for key, value in line.items():
        if key not in states and value:
            states[key] = hide(value, limit)


@dataclass(frozen=True)
class Counts:
    """Monthly counts of every intervention breakdown in one part of the hospital."""

    families: dict[str, dict[object, dict[datetime.date, int]]]  # family -> row -> month -> n
    totals: dict[datetime.date, int]

    @cached_property
    def _by_year(self) -> dict[str, dict[object, dict[int, int]]]:
        """family -> row -> year -> n, summed once (a 2,000-unit hospital has 2,000 rows)."""
        return {
            family: {key: year_sums(monthly) for key, monthly in rows.items()}
            for family, rows in self.families.items()
        }

    def line(self, family: str, year: int) -> dict[object, int]:
        """Every row of a family with its figure for the year, in the family's row order."""
        return {key: sums.get(year, 0) for key, sums in self._by_year[family].items()}

    def year_of(self, family: str, key: object, year: int) -> int:
        """One row's figure for the year (0 for a row the family does not have)."""
        sums = self._by_year[family].get(key)
        return sums.get(year, 0) if sums else 0


def year_sums(monthly: dict[datetime.date, int]) -> dict[int, int]:
    """Each calendar year's sum of monthly figures (keyed by the months' first days)."""
    sums: dict[int, int] = {}
    for month, value in monthly.items():
        if month.day == 1:
            sums[month.year] = sums.get(month.year, 0) + value
    return sums


def yearly(monthly: dict[datetime.date, int], year: int) -> int:
    return sum(period_sums(monthly, year, Size.YEAR))


@dataclass
class Publication:
    """What may be published in one calendar year, for one viewer."""

    total_grain: str | None
    year_total: State
    cells: dict[tuple[str, object], State]  # (family, row) -> the year figure's state


def decide_places(
    hospital: Counts, year: int, parents: dict[object, object], limit: int
) -> dict[tuple[str, object], State]:
    """Year states of every unit and department, the same for every viewer."""
    units = hospital.line("unit", year)
    departments = hospital.line("department", year)
    unit_states: dict = {key: hide(v, limit) for key, v in units.items() if is_small(v, limit)}
    department_states: dict = {
        key: hide(v, limit) for key, v in departments.items() if is_small(v, limit)
    }
    # Each department's units, in the units' order: one pass, not one scan of every unit per
    # department (2,000 units in 100 departments).
    members_of: dict[object, dict] = {}
    for key, value in units.items():
        members_of.setdefault(parents.get(key), {})[key] = value
    for department in departments:
        members = members_of.get(department, {})
        protect_line(members, unit_states, limit)
        lonely = [key for key in members if unit_states.get(key) in (HIDDEN, HIDDEN_SMALL)]
        if lonely and not any(members[key] >= 2 * limit for key in lonely):
            department_states.setdefault(department, hide(departments[department], limit))
    protect_line(departments, department_states, limit)
    # A hidden department whose units all show would be their sum: hide its largest unit too.
    for department, state in list(department_states.items()):
        if state in (HIDDEN, HIDDEN_SMALL):
            members = members_of.get(department, {})
            if members and not any(
                unit_states.get(key) in (HIDDEN, HIDDEN_SMALL) for key in members
            ):
                largest = max(members, key=lambda key: (members[key], str(key)))
                unit_states[largest] = hide(members[largest], limit)
                protect_line(members, unit_states, limit)
    states: dict = {}
    for key, value in units.items():
        states[("unit", key)] = unit_states.get(key, value)
    for key, value in departments.items():
        states[("department", key)] = department_states.get(key, value)
    return states


BREAKDOWNS = ("kind", "category", "role", "band")


def decide_year(
    *,
    year: int,
    mine: Counts,
    hospital: Counts,
    hospital_wide: bool,
    unit_ids: set,
    parents: dict[object, object],
    limit: int,
) -> Publication:
    """The states of one year's figures for one viewer (see the module's docstring)."""
    rest = {
        month: hospital.totals.get(month, 0) - mine.totals.get(month, 0)
        for month in hospital.totals
    }
    series = [mine.totals] if hospital_wide else [mine.totals, rest]
    grain = total_grain(series, year, limit)
    places = decide_places(hospital, year, parents, limit)
    own_total = yearly(mine.totals, year)
    if grain is None:
        year_total: State = hide(own_total, limit)
    else:
        year_total = own_total
    if not hospital_wide and not all(
        isinstance(places[("unit", unit)], int) for unit in unit_ids if ("unit", unit) in places
    ):
        # The lead's total is the sum of their units' figures: one hidden unit hides it.
        grain, year_total = None, hide(own_total, limit)
    members_of: dict[object, list] = {}
    if not hospital_wide:
        for unit in unit_ids:
            members_of.setdefault(parents.get(unit), []).append(unit)
    hospital_cells: dict = {}
    partners: Callable | None = None
    if not hospital_wide:
        hospital_cells = decide_breakdowns(hospital, None, year, hospital.totals, limit)

        # A lead's hidden partner is at most the hospital's figure: unless the rest of the
        # hospital's is at least the threshold, that bound would raise the small one's least.
        def roomy(family: str, hidden: list) -> list:
            return [
                key
                for key, value in mine.line(family, year).items()
                if hospital.year_of(family, key, year) - value >= limit
            ]

        partners = roomy

    def breakdowns(total: State) -> dict:
        return decide_breakdowns(
            mine,
            total,
            year,
            hospital.totals,
            limit,
            hospital_cells,
            hospital,
            partners=partners,
            protect_rest=not hospital_wide,
        )

    cells: dict = breakdowns(year_total)
    place_values: dict = {}
    for (family, key), state in places.items():
        if family == "unit" and (hospital_wide or key in unit_ids):
            cells[(family, key)] = state
            place_values[(family, key)] = hospital.year_of(family, key, year)
        if family == "department" and key in mine.families["department"]:
            value = mine.year_of("department", key, year)
            place_values[(family, key)] = value
            if hospital_wide:
                cells[(family, key)] = state
            else:
                members = members_of.get(key, [])
                shown = all(isinstance(places.get(("unit", u)), int) for u in members)
                cells[(family, key)] = value if shown else hide(value, limit)
    if isinstance(year_total, int) and lacks_partner(
        cells, place_values, mine, hospital, hospital_wide, year, limit
    ):
        # The total less a line's shown figures is the sum of its hidden ones: with none of them
        # large, it would bound each small one. The total hides, at every size, and with it
        # every figure of the year (a line that hid nothing would add up to it).
        grain, year_total = None, hide(own_total, limit)
        cells.update(breakdowns(year_total))
        for cell, value in place_values.items():
            cells[cell] = hide(value, limit)
    return Publication(total_grain=grain, year_total=year_total, cells=cells)


def lacks_partner(
    cells: dict,
    place_values: dict,
    mine: Counts,
    hospital: Counts,
    hospital_wide: bool,
    year: int,
    limit: int,
) -> bool:
    """Whether a line of the viewer's year hides figures none of which is at least twice the
    threshold (a figure hidden for the rest of the hospital's counts as none: it needs a
    partner of its own)."""
    hidden: dict[str, list[int]] = {}
    for family in BREAKDOWNS:
        for key, value in mine.line(family, year).items():
            if not isinstance(cells[(family, key)], int):
                others = hospital.year_of(family, key, year) - value
                protects_rest = not hospital_wide and is_small(others, limit)
                hidden.setdefault(family, []).append(0 if protects_rest else value)
    for (family, key), value in place_values.items():
        if not isinstance(cells[(family, key)], int):
            hidden.setdefault(family, []).append(value)
    return any(max(values) < 2 * limit for values in hidden.values())


def decide_breakdowns(
    counts: Counts,
    year_total: State | None,
    year: int,
    hospital_totals: dict,
    limit: int,
    hospital_cells: dict | None = None,
    hospital: Counts | None = None,
    families: Iterable[str] = BREAKDOWNS,
    partners: Callable | None = None,
    protect_rest: bool = False,
) -> dict[tuple[str, object], State]:
    """Year states of the lines of one part: by default the kind, category, role type and
    first-contact lines of the interventions. `partners(family, hidden)`, when given, limits
    the large figures a line may hide next to its small ones (see `protect_line`). With
    `protect_rest`, a figure hidden because the rest of the hospital's would be small is hidden
    whatever the hospital's figure shows, as "—" even when small itself, and needs a partner of
    its own, like a small one."""
    states: dict = {}
    for family in families:
        line = counts.line(family, year)
        decided: dict = {}
        if year_total is not None and not isinstance(year_total, int):
            decided = {key: hide(v, limit) for key, v in line.items() if v}
            if protect_rest and hospital is not None:
                for key, value in line.items():
                    if is_small(hospital.year_of(family, key, year) - value, limit):
                        decided[key] = HIDDEN  # as below
        else:
            decided = {key: hide(v, limit) for key, v in line.items() if is_small(v, limit)}
            for_rest = set()
            if hospital_cells and hospital is not None:
                for key, value in line.items():
                    whole = hospital_cells.get((family, key))
                    others = hospital.year_of(family, key, year) - value
                    if protect_rest and is_small(others, limit):
                        # "—" even when small itself: "<11" would put the rest's between the
                        # hospital's figure less the threshold and less 1 (13 less "<11": 3..12).
                        decided[key] = HIDDEN
                        for_rest.add(key)
                    elif isinstance(whole, int) and is_small(others, limit):
                        decided.setdefault(key, HIDDEN)
            allowed = None if partners is None else partial(partners, family)
            # A figure that protects the rest of the hospital's is no partner (read as 0).
            masked = {k: 0 if protect_rest and k in for_rest else v for k, v in line.items()}
            protect_line(masked, decided, limit, partners=allowed)
        for key, value in line.items():
            states[(family, key)] = decided.get(key, value)
    return states


def decide_measure_year(
    *, year: int, mine: Counts, hospital: Counts, hospital_wide: bool, limit: int
) -> Publication:
    """The states of one year's figures of a measure outside the interventions (redirections,
    survey answers, training, community meetings), for one viewer.

    Its total in the viewer's part of the hospital (for a local lead, and the rest of the
    hospital's) is published at the finest size at which none of the year's figures is small,
    its rows by calendar year, as the intervention breakdowns are. `mine.families` holds one
    line per measure sharing that total (the survey's ratings and would-recommend answers).
    When a line hides figures and none of them is at least twice the threshold, the total is
    hidden too (it is their sum with the shown ones), and so is the largest figure of any line
    sharing it that would otherwise add up to it.
    """
    rest = {
        month: hospital.totals.get(month, 0) - mine.totals.get(month, 0)
        for month in hospital.totals
    }
    grain = total_grain([mine.totals] if hospital_wide else [mine.totals, rest], year, limit)
    own_total = yearly(mine.totals, year)
    year_total: State = own_total if grain is not None else hide(own_total, limit)
    hospital_cells: dict | None = None
    partners: Callable | None = None
    if not hospital_wide:
        hospital_cells = decide_measure_year(
            year=year, mine=hospital, hospital=hospital, hospital_wide=True, limit=limit
        ).cells

        # A lead's hidden partner is at most the hospital's figure: unless the rest of the
        # hospital's is at least the threshold, that bound would raise the small one's least.
        def roomy(family: str, hidden: list) -> list:
            hospital_rows = hospital.families[family]
            return [
                key
                for key, months in mine.families[family].items()
                if yearly(hospital_rows.get(key, {}), year) - yearly(months, year) >= limit
            ]

        partners = roomy

    cells = decide_breakdowns(
        mine,
        year_total,
        year,
        hospital.totals,
        limit,
        hospital_cells,
        hospital,
        families=mine.families,
        partners=partners,
        protect_rest=not hospital_wide,
    )
    for family, rows in mine.families.items():
        hospital_rows = hospital.families[family]
        hidden = []
        for key, months in rows.items():
            if not isinstance(cells[(family, key)], int):
                value = yearly(months, year)
                others = yearly(hospital_rows.get(key, {}), year) - value
                # a figure hidden for the rest of the hospital's is no partner
                hidden.append(0 if not hospital_wide and is_small(others, limit) else value)
        if hidden and isinstance(year_total, int) and max(hidden) < 2 * limit:
            # No large figure hides with the small ones: their sum, the total, would bound each.
            grain, year_total = None, hide(own_total, limit)
    if not isinstance(year_total, int):
        # A line sharing the hidden total that hides nothing would add up to it: its largest
        # figure (none of its figures is small) is hidden too.
        for family, rows in mine.families.items():
            line = {key: yearly(months, year) for key, months in rows.items()}
            if any(line.values()) and all(isinstance(cells[(family, k)], int) for k in line):
                largest = max(line, key=lambda key: (line[key], str(key)))
                cells[(family, largest)] = hide(line[largest], limit)
    return Publication(total_grain=grain, year_total=year_total, cells=cells)


def as_total_row(shown: SuppressedTable) -> SuppressedTable:
    """A one-row table as published: its row is its total (the page shows no totals row), so
    its figures follow the total's grain, markers included."""
    height = len(shown.cells)
    small = frozenset((row, column) for row, column in shown.small if row == height)
    return SuppressedTable(
        cells=[list(shown.column_totals)],
        row_totals=[shown.total],
        column_totals=list(shown.column_totals),
        total=shown.total,
        small=small | {(0, column) for _, column in small},
    )


def publish_year_range(report_range: ReportRange) -> list[int]:
    """The calendar years a range touches."""
    return list(range(report_range.start.year, report_range.last_month.year + 1))


def table(
    *,
    family: str,
    rows: list,
    counts: list[list[int]],
    report_range: ReportRange,
    totals: list[int],
    publications: dict[int, Publication],
    total_states: dict[tuple[str, datetime.date], State],
    limit: int | None = None,
) -> SuppressedTable:
    """One intervention table as published: cells, row totals, column totals, grand total."""
    limit = threshold() if limit is None else limit
    starts = report_range.starts
    size = report_range.size
    cells: list[list[int | None]] = []
    small: set = set()
    for i, key in enumerate(rows):
        row = []
        for j, start in enumerate(starts):
            value = counts[i][j]
            if size == Size.YEAR:
                state = publications[start.year].cells.get((family, key), value)
            else:  # not published at this size: a zero too, or it would place the year's figure
                state = HIDDEN
            row.append(state)
        cells.append(row)
    column_states = [total_states[(size, start)] for start in starts]

    def shown(state: State, i: int, j: int) -> int | None:
        if isinstance(state, int):
            return state
        if state == HIDDEN_SMALL:
            small.add((i, j))
        return None

    width = len(starts)
    shown_cells = [
        [shown(state, i, j) for j, state in enumerate(row)] for i, row in enumerate(cells)
    ]
    row_totals = []
    for i, row in enumerate(shown_cells):
        value = sum(counts[i])
        if all(cell is not None for cell in row):
            row_totals.append(value)
        elif size == Size.YEAR:
            row_totals.append(shown(HIDDEN if value else 0, i, width))
        else:  # a zero over some months would say each of them is zero
            row_totals.append(shown(HIDDEN, i, width))
    column_totals = [shown(state, len(rows), j) for j, state in enumerate(column_states)]
    grand = sum(totals)
    if all(value is not None for value in column_totals):
        total: int | None = grand
    else:
        if size == Size.YEAR:
            state = hide(grand, limit) if width == 1 else (HIDDEN if grand else 0)
        else:
            state = HIDDEN
        total = shown(state, len(rows), width)
    return SuppressedTable(
        cells=shown_cells,
        row_totals=row_totals,
        column_totals=column_totals,
        total=total,
        small=frozenset(small),
    )


def total_states(
    report_range: ReportRange, publications: dict[int, Publication], monthly: dict
) -> dict[tuple[str, datetime.date], State]:
    """The state of the interventions total of every period of the range's size."""
    found: dict = {}
    size = report_range.size
    for start in report_range.starts:
        publication = publications[start.year]
        value = sum(monthly.get(add_months(start, k), 0) for k in range(MONTHS_IN[size]))
        grain = publication.total_grain
        if size == Size.YEAR:
            found[(size, start)] = publication.year_total
        elif grain is not None and SIZES.index(size) >= SIZES.index(grain):
            found[(size, start)] = value
        else:  # below the year's grain a zero is hidden too: it would place the year's figures
            found[(size, start)] = HIDDEN
    return found


def whole_years(report_range: ReportRange) -> ReportRange:
    """The calendar years that hold the range, counted by month."""
    start = datetime.date(report_range.start.year, 1, 1)
    end = datetime.date(report_range.last_month.year + 1, 1, 1)
    return replace(report_range, size=Size.MONTH, start=start, end=end)
