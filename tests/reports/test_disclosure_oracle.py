"""The publication decisions give the same states as the first, quadratic implementation.

`decide_places` used to scan every unit once per department and to sum each row's months again
for every use; it now groups the units once and sums each row's years once. Not a single state
may change: the first implementation is kept below as the oracle (with, written the same plain
way, the rules the intervention lines took from the other measures: a line with no large hidden
figure hides the year's total; a lead's figure hidden for the rest of the hospital's is "—", no
partner, and a partner leaves the threshold to the rest) and both are run on random
hospitals (departments with no unit, units whose department has no row, small and large counts,
local leads of some units) for the sponsor and for a local lead.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import disclosure
from reports.disclosure import (
    BREAKDOWNS,
    HIDDEN,
    HIDDEN_SMALL,
    Counts,
    Publication,
    State,
    hide,
    is_small,
    total_grain,
    yearly,
)

LIMIT = 10
YEARS = (2024, 2025)
MONTHS = [datetime.date(year, month, 1) for year in YEARS for month in range(1, 13)]


# ---- the oracle: the first implementation, unchanged ----------------------------------------


def old_protect_line(line: dict, states: dict, limit: int, allowed=None) -> None:
    hidden = [key for key in line if states.get(key) in (HIDDEN, HIDDEN_SMALL)]
    if not hidden or any(line[key] >= 2 * limit for key in hidden):
        return
    candidates = [key for key in line if key not in hidden and line[key] >= 2 * limit]
    if allowed is not None:
        candidates = [key for key in candidates if key in allowed]
    if candidates:
        states[min(candidates, key=lambda key: (line[key], str(key)))] = HIDDEN
        return
    for key, value in line.items():
        if key not in states and value:
            states[key] = hide(value, limit)


def old_decide_places(hospital: Counts, year: int, parents: dict, limit: int) -> dict:
    units = {key: yearly(m, year) for key, m in hospital.families["unit"].items()}
    departments = {key: yearly(m, year) for key, m in hospital.families["department"].items()}
    unit_states: dict = {key: hide(v, limit) for key, v in units.items() if is_small(v, limit)}
    department_states: dict = {
        key: hide(v, limit) for key, v in departments.items() if is_small(v, limit)
    }
    for department in departments:
        members = {key: v for key, v in units.items() if parents.get(key) == department}
        old_protect_line(members, unit_states, limit)
        lonely = [key for key in members if unit_states.get(key) in (HIDDEN, HIDDEN_SMALL)]
        if lonely and not any(members[key] >= 2 * limit for key in lonely):
            department_states.setdefault(department, hide(departments[department], limit))
    old_protect_line(departments, department_states, limit)
    for department, state in list(department_states.items()):
        if state in (HIDDEN, HIDDEN_SMALL):
            members = {key: v for key, v in units.items() if parents.get(key) == department}
            if members and not any(
                unit_states.get(key) in (HIDDEN, HIDDEN_SMALL) for key in members
            ):
                largest = max(members, key=lambda key: (members[key], str(key)))
                unit_states[largest] = hide(members[largest], limit)
                old_protect_line(members, unit_states, limit)
    states: dict = {}
    for key, value in units.items():
        states[("unit", key)] = unit_states.get(key, value)
    for key, value in departments.items():
        states[("department", key)] = department_states.get(key, value)
    return states


def old_decide_breakdowns(counts, year_total, year, limit, hospital_cells=None, hospital=None):
    """With the hospital's (a lead's year): a figure whose rest of the hospital's would be small
    is "—", is no partner (read as 0), and a partner leaves the threshold to the rest."""
    states: dict = {}
    for family in BREAKDOWNS:
        line = {key: yearly(m, year) for key, m in counts.families[family].items()}
        decided: dict = {}
        if year_total is not None and not isinstance(year_total, int):
            decided = {key: hide(v, limit) for key, v in line.items() if v}
            if hospital_cells and hospital is not None:
                for key, value in line.items():
                    rest = yearly(hospital.families[family].get(key, {}), year) - value
                    if is_small(rest, limit):
                        decided[key] = HIDDEN
        else:
            decided = {key: hide(v, limit) for key, v in line.items() if is_small(v, limit)}
            masked, allowed = line, None
            if hospital_cells and hospital is not None:
                rest = {
                    key: yearly(hospital.families[family].get(key, {}), year) - value
                    for key, value in line.items()
                }
                for key in line:
                    if is_small(rest[key], limit):
                        decided[key] = HIDDEN
                masked = {k: 0 if is_small(rest[k], limit) else v for k, v in line.items()}
                allowed = {key for key in line if rest[key] >= limit}
            old_protect_line(masked, decided, limit, allowed)
        for key, value in line.items():
            states[(family, key)] = decided.get(key, value)
    return states


def old_decide_year(*, year, mine, hospital, hospital_wide, unit_ids, parents, limit):
    rest = {
        month: hospital.totals.get(month, 0) - mine.totals.get(month, 0)
        for month in hospital.totals
    }
    series = [mine.totals] if hospital_wide else [mine.totals, rest]
    grain = total_grain(series, year, limit)
    places = old_decide_places(hospital, year, parents, limit)
    own_total = yearly(mine.totals, year)
    year_total: State = hide(own_total, limit) if grain is None else own_total
    if not hospital_wide and not all(
        isinstance(places[("unit", unit)], int) for unit in unit_ids if ("unit", unit) in places
    ):
        grain, year_total = None, hide(own_total, limit)
    cells: dict = {}
    hospital_cells = {} if hospital_wide else old_decide_breakdowns(hospital, None, year, limit)
    cells.update(old_decide_breakdowns(mine, year_total, year, limit, hospital_cells, hospital))
    for (family, key), state in places.items():
        if family == "unit" and (hospital_wide or key in unit_ids):
            cells[(family, key)] = state
        if family == "department" and key in mine.families["department"]:
            if hospital_wide:
                cells[(family, key)] = state
            else:
                members = [u for u in unit_ids if parents.get(u) == key]
                value = yearly(mine.families["department"][key], year)
                shown = all(isinstance(places.get(("unit", u)), int) for u in members)
                cells[(family, key)] = value if shown else hide(value, limit)
    # A line hiding figures none of which is at least twice the threshold (one hidden for the
    # rest of the hospital's counts as none) hides the total, and every figure of the year.
    lines: dict = {}
    for (family, key), state in cells.items():
        if not isinstance(state, int):
            if family in ("unit", "department"):
                value = (
                    yearly(hospital.families["unit"][key], year)
                    if family == "unit"
                    else yearly(mine.families["department"][key], year)
                )
            else:
                value = yearly(mine.families[family][key], year)
                rest = yearly(hospital.families[family].get(key, {}), year) - value
                if not hospital_wide and is_small(rest, limit):
                    value = 0
            lines.setdefault(family, []).append(value)
    if isinstance(year_total, int) and any(max(v) < 2 * limit for v in lines.values()):
        grain, year_total = None, hide(own_total, limit)
        cells.update(old_decide_breakdowns(mine, year_total, year, limit, hospital_cells, hospital))
        for family, key in list(cells):
            if family == "unit":
                cells[(family, key)] = hide(yearly(hospital.families["unit"][key], year), limit)
            if family == "department":
                cells[(family, key)] = hide(yearly(mine.families[family][key], year), limit)
    return Publication(total_grain=grain, year_total=year_total, cells=cells)


# ---- random hospitals -------------------------------------------------------------------------

# Mostly small monthly counts (what makes figures hidden), some zeros, now and then a large one.
monthly_value = st.one_of(st.integers(0, 3), st.integers(0, 12), st.integers(0, 40))


@st.composite
def hospitals(draw):
    departments = draw(st.integers(1, 7))
    parents = {}
    for department in range(departments):
        for _ in range(draw(st.integers(0, 6))):
            parents[100 + len(parents)] = department
    orphans = draw(st.integers(0, 2))  # units whose department has no row of its own
    for _ in range(orphans):
        parents[100 + len(parents)] = 99
    units = {unit: {month: draw(monthly_value) for month in MONTHS} for unit in parents}
    department_rows = {
        department: {
            month: sum(units[u][month] for u in units if parents[u] == department)
            + draw(st.integers(0, 2))  # units that are no longer listed
            for month in MONTHS
        }
        for department in range(departments)
    }
    totals = {month: sum(row[month] for row in units.values()) for month in MONTHS}

    def breakdown(keys, scale):
        return {
            key: {m: min(draw(monthly_value), totals[m] * scale) for m in MONTHS} for key in keys
        }

    families = {
        "unit": units,
        "department": department_rows,
        "kind": breakdown(["call", "visit"], 1),
        "category": breakdown(["grief", "stress", "other"], 1),
        "role": breakdown(["nurse", "doctor", ""], 1),
        "band": breakdown(["<1h", "<4h", "later"], 1),
    }
    hospital = Counts(families=families, totals=totals)
    led = draw(st.lists(st.sampled_from(sorted(parents)), unique=True)) if parents else []
    mine_units = {u: units[u] for u in led}
    mine_departments = {
        parents[u]: {m: sum(units[v][m] for v in led if parents[v] == parents[u]) for m in MONTHS}
        for u in led
        if parents[u] in department_rows
    }
    mine_totals = {m: sum(row[m] for row in mine_units.values()) for m in MONTHS}
    mine = Counts(
        families={
            "unit": mine_units,
            "department": mine_departments,
            **{
                family: {
                    key: {m: min(v, mine_totals[m]) for m, v in row.items()}
                    for key, row in families[family].items()
                }
                for family in BREAKDOWNS
            },
        },
        totals=mine_totals,
    )
    return hospital, mine, parents, set(led)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hospitals())
def test_every_state_is_the_first_implementations(example):
    hospital, mine, parents, led = example
    for year in YEARS:
        assert disclosure.decide_places(hospital, year, parents, LIMIT) == old_decide_places(
            hospital, year, parents, LIMIT
        )
        for viewer, hospital_wide, unit_ids in (
            (hospital, True, set(parents)),
            (mine, False, led),
        ):
            arguments = {
                "year": year,
                "mine": viewer,
                "hospital": hospital,
                "hospital_wide": hospital_wide,
                "unit_ids": unit_ids,
                "parents": parents,
                "limit": LIMIT,
            }
            assert disclosure.decide_year(**arguments) == old_decide_year(**arguments)


def test_the_random_hospitals_reach_every_rule():
    """The oracle comparison is only worth something if the examples hide figures of every
    kind: small units, protected partners, hidden departments."""
    units = {1: {MONTHS[0]: 3}, 2: {MONTHS[0]: 30}, 3: {MONTHS[0]: 25}, 4: {MONTHS[0]: 5}}
    parents = {1: 0, 2: 0, 3: 1, 4: 1}
    hospital = Counts(
        families={
            "unit": units,
            "department": {0: {MONTHS[0]: 33}, 1: {MONTHS[0]: 30}},
            **{family: {} for family in BREAKDOWNS},
        },
        totals={MONTHS[0]: 63},
    )
    states = disclosure.decide_places(hospital, 2024, parents, LIMIT)
    assert states == old_decide_places(hospital, 2024, parents, LIMIT)
    assert states[("unit", 1)] == HIDDEN_SMALL and states[("unit", 2)] == HIDDEN
    assert states[("unit", 4)] == HIDDEN_SMALL and states[("unit", 3)] == HIDDEN


def test_the_oracle_reaches_the_rules_taken_from_the_other_measures():
    """A year with no large partner (kinds of 7 and 7 for the lead) and a lead figure that
    protects the rest of the hospital's: both implementations hide the lead's total, and the
    small figure as "—"."""
    january = MONTHS[0]
    units = {1: {january: 14}, 2: {january: 60}}
    hospital = Counts(
        families={
            "unit": units,
            "department": {0: {january: 74}},
            "kind": {"call": {january: 50}, "visit": {january: 24}},
            "category": {},
            "role": {"nurse": {january: 66}, "": {january: 8}},
            "band": {},
        },
        totals={january: 74},
    )
    mine = Counts(
        families={
            "unit": {1: units[1]},
            "department": {0: {january: 14}},
            "kind": {"call": {january: 7}, "visit": {january: 7}},
            "category": {},
            "role": {"nurse": {january: 10}, "": {january: 4}},
            "band": {},
        },
        totals={january: 14},
    )
    arguments = {
        "year": 2024,
        "mine": mine,
        "hospital": hospital,
        "hospital_wide": False,
        "unit_ids": {1},
        "parents": {1: 0, 2: 0},
        "limit": LIMIT,
    }
    decided = disclosure.decide_year(**arguments)
    assert decided == old_decide_year(**arguments)
    assert decided.year_total == HIDDEN and decided.total_grain is None
    assert decided.cells[("role", "")] == HIDDEN  # the rest's is 4
