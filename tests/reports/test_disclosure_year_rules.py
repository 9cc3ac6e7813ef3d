"""The fixed grains of the intervention figures, decided for one calendar year.

The LP audit (test_disclosure_audit.py) checks the whole system; these pin the rules the
intervention lines share with the other measures, on small hand-made years
(reports/disclosure.py, `decide_year`).
"""

import datetime

from reports.disclosure import BREAKDOWNS, HIDDEN, HIDDEN_SMALL, Counts, decide_year

LIMIT = 10
YEAR = 2025
JANUARY = datetime.date(YEAR, 1, 1)


def counts(units: dict[int, int], **lines: dict[object, int]) -> Counts:
    """One part's year, all in January: its units' figures (one department, 0) and some
    breakdown lines (the others are empty)."""
    families = {
        "unit": {unit: {JANUARY: n} for unit, n in units.items()},
        "department": {0: {JANUARY: sum(units.values())}},
        **{family: {} for family in BREAKDOWNS},
    }
    for family, line in lines.items():
        families[family] = {key: {JANUARY: n} for key, n in line.items()}
    return Counts(families=families, totals={JANUARY: sum(units.values())})


def decide(mine: Counts, hospital: Counts | None = None, unit_ids: set | None = None):
    return decide_year(
        year=YEAR,
        mine=mine,
        hospital=hospital or mine,
        hospital_wide=hospital is None,
        unit_ids=unit_ids if unit_ids is not None else set(mine.families["unit"]),
        parents={unit: 0 for unit in (hospital or mine).families["unit"]},
        limit=LIMIT,
    )


def test_a_small_figure_hides_with_a_partner_and_the_total_shows():
    decided = decide(counts({1: 34}, kind={"request": 30, "outreach": 4}))
    assert decided.cells[("kind", "outreach")] == HIDDEN_SMALL
    assert decided.cells[("kind", "request")] == HIDDEN
    assert decided.year_total == 34 and decided.total_grain == "month"


def test_with_no_large_partner_the_total_hides_too():
    # 7 and 7 under a shown 14 would each be at least 4.
    decided = decide(counts({1: 14}, kind={"request": 7, "outreach": 7}))
    assert decided.cells[("kind", "request")] == HIDDEN_SMALL
    assert decided.cells[("kind", "outreach")] == HIDDEN_SMALL
    assert decided.year_total == HIDDEN
    # and at every size: no month or quarter total adds up to it
    assert decided.total_grain is None
    # a line that hides nothing would add up to the total: every figure of the year hides
    assert decided.cells[("unit", 1)] == HIDDEN
    assert decided.cells[("department", 0)] == HIDDEN


def test_one_line_with_no_large_partner_hides_the_total_of_a_year_whose_other_lines_have_one():
    decided = decide(
        counts({1: 19, 2: 19}, kind={"request": 34, "outreach": 4}, band={"a": 19, "b": 15, "c": 4})
    )
    assert decided.year_total == HIDDEN and decided.total_grain is None
    assert all(
        not isinstance(state, int)
        for (family, _), state in decided.cells.items()
        if family != "role"
    )


def test_a_lead_figure_hidden_for_the_rest_of_the_hospital_needs_a_partner_of_its_own():
    # The lead's "request" (40) is hidden because the rest of the hospital's is 3. Were it the
    # small "outreach"'s partner, the lead's total (44) less it would bound "outreach" below by
    # 4 - 3, and the rest's "request" by the same sum.
    mine = counts({1: 44}, category={"grief": 40, "stress": 4})
    hospital = counts({1: 44, 2: 60}, category={"grief": 43, "stress": 34, "other": 27})
    decided = decide(mine, hospital, {1})
    assert decided.cells[("category", "grief")] == HIDDEN
    assert decided.cells[("category", "stress")] == HIDDEN_SMALL
    # no partner left: the total hides too
    assert decided.year_total == HIDDEN


def test_a_lead_figure_hidden_for_the_rest_of_the_hospital_whatever_the_hospitals_shows():
    mine = counts({1: 64}, category={"grief": 40, "stress": 4, "other": 20})
    # the hospital's "grief" (43) is itself hidden as the partner of its small "anxiety"
    hospital = counts(
        {1: 64, 2: 76}, category={"grief": 43, "stress": 50, "other": 45, "anxiety": 2}
    )
    decided = decide(mine, hospital, {1})
    assert decided.cells[("category", "grief")] == HIDDEN
    assert decided.cells[("category", "stress")] == HIDDEN_SMALL
    assert decided.cells[("category", "other")] == HIDDEN  # the partner of "stress"
    assert decided.year_total == 64


def test_a_lead_partner_leaves_the_threshold_to_the_rest_of_the_hospital():
    # "stress" (30) would be the smaller partner of the small "other", but all of the
    # hospital's "stress" is the lead's: hidden, it would be at most 30, so "other" at least 4.
    mine = counts({1: 74}, category={"grief": 40, "stress": 30, "other": 4})
    hospital = counts({1: 74, 2: 60}, category={"grief": 65, "stress": 30, "other": 39})
    decided = decide(mine, hospital, {1})
    assert decided.cells[("category", "other")] == HIDDEN_SMALL
    assert decided.cells[("category", "grief")] == HIDDEN
    assert decided.cells[("category", "stress")] == 30
    assert decided.year_total == 74


def test_a_small_lead_figure_that_protects_the_rest_of_the_hospital_shows_as_protecting():
    # The hospital's "not recorded" (13) shows. Shown "<11", the lead's 8 would put the rest's
    # 5 between 3 and 12; as "—" it could be anything from 0 to 13.
    mine = counts({1: 48}, role={"nurse": 40, "": 8})
    hospital = counts({1: 48, 2: 60}, role={"nurse": 95, "": 13})
    decided = decide(mine, hospital, {1})
    assert decided.cells[("role", "")] == HIDDEN
    assert decided.cells[("role", "nurse")] == HIDDEN  # its partner
    assert decided.year_total == 48


def test_under_a_hidden_lead_total_a_figure_that_protects_the_rest_still_shows_as_protecting():
    # "nurse" (15) cannot be the partner of "not recorded": the lead's total hides, and every
    # figure with it; "not recorded" (8) is still "—", not "<11" (the rest's 5 would be 3..12).
    mine = counts({1: 23}, role={"nurse": 15, "": 8})
    hospital = counts({1: 23, 2: 85}, role={"nurse": 95, "": 13})
    decided = decide(mine, hospital, {1})
    assert decided.year_total == HIDDEN
    assert decided.cells[("role", "nurse")] == HIDDEN
    assert decided.cells[("role", "")] == HIDDEN
