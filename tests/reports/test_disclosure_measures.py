"""The fixed grains of the measures outside the interventions, decided for one calendar year.

The LP audit (test_disclosure_audit_measures.py) checks the whole system; these pin the rules
it found one by one, on small hand-made lines (reports/disclosure.py, `decide_measure_year`).
"""

import datetime

from reports.disclosure import HIDDEN, HIDDEN_SMALL, Counts, decide_measure_year

LIMIT = 10
YEAR = 2025


def month(number: int) -> datetime.date:
    return datetime.date(YEAR, number, 1)


def counts(lines: dict[str, dict[object, dict[int, int]]]) -> Counts:
    """Lines of monthly counts (family -> row -> month number -> n); the first line's months
    add up to the total."""
    families = {
        family: {row: {month(m): n for m, n in months.items()} for row, months in rows.items()}
        for family, rows in lines.items()
    }
    first = next(iter(families.values()))
    totals: dict = {}
    for months in first.values():
        for day, n in months.items():
            totals[day] = totals.get(day, 0) + n
    return Counts(families=families, totals=totals)


def decide(mine: Counts, hospital: Counts | None = None):
    return decide_measure_year(
        year=YEAR,
        mine=mine,
        hospital=hospital or mine,
        hospital_wide=hospital is None,
        limit=LIMIT,
    )


def test_the_total_takes_the_finest_size_with_no_small_figure_and_rows_are_by_year():
    by_month = decide(counts({"held": {"a": {1: 30, 2: 25}, "b": {1: 12}}}))
    assert by_month.total_grain == "month"
    assert by_month.cells == {("held", "a"): 55, ("held", "b"): 12}
    small_month = decide(counts({"held": {"a": {1: 30, 2: 5}, "b": {3: 40}}}))
    assert small_month.total_grain == "quarter"
    small_quarter = decide(counts({"held": {"a": {1: 30, 4: 5}}}))
    assert small_quarter.total_grain == "year"
    assert small_quarter.year_total == 35


def test_a_small_row_hides_with_a_partner_of_twice_the_threshold():
    decided = decide(counts({"held": {"a": {1: 30}, "b": {2: 25}, "c": {3: 4}}}))
    assert decided.cells == {("held", "a"): 30, ("held", "b"): HIDDEN, ("held", "c"): HIDDEN_SMALL}
    assert decided.year_total == 59


def test_with_no_large_partner_the_total_hides_too():
    # 7 and 7 under a shown 14 would each be at least 4.
    decided = decide(counts({"courses": {"a": {1: 7}, "b": {2: 7}}}))
    assert decided.cells == {("courses", "a"): HIDDEN_SMALL, ("courses", "b"): HIDDEN_SMALL}
    assert decided.year_total == HIDDEN and decided.total_grain is None


def test_a_line_sharing_a_hidden_total_hides_its_largest_figure():
    survey = counts(
        {
            "ratings": {5: {1: 15}, 4: {2: 12}, 3: {3: 3}},
            "recommend": {True: {1: 30}, False: {}},
        }
    )
    decided = decide(survey)
    assert decided.year_total == HIDDEN
    assert decided.cells[("ratings", 3)] == HIDDEN_SMALL
    # Yes: 30, No: 0 would give the total away.
    assert decided.cells[("recommend", True)] == HIDDEN
    assert decided.cells[("recommend", False)] == 0


def test_a_lead_row_hides_when_the_rest_of_the_hospital_would_be_small():
    mine = counts({"attendance": {"a": {1: 40}, "b": {2: 30}}})
    hospital = counts({"attendance": {"a": {1: 45}, "b": {2: 60}}})
    decided = decide(mine, hospital)
    assert decided.cells[("attendance", "a")] == HIDDEN  # the rest: 5
    assert decided.cells[("attendance", "b")] == HIDDEN  # its partner: else a = 70 - 30


def test_a_lead_partner_leaves_the_threshold_to_the_rest_of_the_hospital():
    # b (30) would be the smaller partner of the small c, but all of the hospital's b is the
    # lead's: hidden, b would still be at most 30, so b + c = 34 would make c at least 4. The
    # partner is a, which leaves 25 to the rest of the hospital.
    mine = counts({"attendance": {"a": {1: 40}, "b": {2: 30}, "c": {3: 4}}})
    hospital = counts({"attendance": {"a": {1: 65}, "b": {2: 30}, "c": {3: 20}}})
    decided = decide(mine, hospital)
    assert decided.cells[("attendance", "c")] == HIDDEN_SMALL
    assert decided.cells[("attendance", "a")] == HIDDEN
    assert decided.cells[("attendance", "b")] == 30


def test_a_lead_line_with_no_partner_for_the_rest_hides_its_total():
    # a (40) is hidden for the rest of the hospital's 5; b (12) is too small to be its partner.
    mine = counts({"attendance": {"a": {1: 40}, "b": {2: 12}}})
    hospital = counts({"attendance": {"a": {1: 45}, "b": {2: 60}}})
    decided = decide(mine, hospital)
    assert decided.cells == {("attendance", "a"): HIDDEN, ("attendance", "b"): HIDDEN}
    assert decided.year_total == HIDDEN
