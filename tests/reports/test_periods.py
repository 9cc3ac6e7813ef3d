"""Filters pick whole, complete periods only."""

import datetime

import pytest

from reports.periods import Preset, Size, month_choices, resolve

TODAY = datetime.date(2026, 11, 23)


def span(report_range):
    return report_range.start, report_range.end


@pytest.mark.parametrize(
    ("preset", "size", "expected"),
    [
        (
            Preset.LAST_12_MONTHS,
            Size.MONTH,
            (datetime.date(2025, 11, 1), datetime.date(2026, 11, 1)),
        ),
        (Preset.LAST_QUARTER, Size.MONTH, (datetime.date(2026, 7, 1), datetime.date(2026, 10, 1))),
        (
            Preset.LAST_QUARTER,
            Size.QUARTER,
            (datetime.date(2026, 7, 1), datetime.date(2026, 10, 1)),
        ),
        (Preset.YEAR_TO_DATE, Size.MONTH, (datetime.date(2026, 1, 1), datetime.date(2026, 11, 1))),
        # Widened back to the start of the quarter; the unfinished fourth quarter is left out.
        (
            Preset.LAST_12_MONTHS,
            Size.QUARTER,
            (datetime.date(2025, 10, 1), datetime.date(2026, 10, 1)),
        ),
        # No complete year in the range: the last complete year.
        (Preset.YEAR_TO_DATE, Size.YEAR, (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))),
    ],
)
def test_presets_resolve_to_whole_complete_periods(preset, size, expected):
    assert (
        span(resolve(preset=preset, size=size, first_month=None, last_month=None, today=TODAY))
        == expected
    )


def test_year_to_date_in_january_shows_last_year():
    found = resolve(
        preset=Preset.YEAR_TO_DATE,
        size=Size.MONTH,
        first_month=None,
        last_month=None,
        today=datetime.date(2027, 1, 10),
    )
    assert span(found) == (datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))


def test_a_chosen_range_never_reaches_into_the_current_month():
    found = resolve(
        preset=Preset.CUSTOM,
        size=Size.MONTH,
        first_month=datetime.date(2026, 9, 1),
        last_month=datetime.date(2026, 11, 1),
        today=TODAY,
    )
    assert span(found) == (datetime.date(2026, 9, 1), datetime.date(2026, 11, 1))
    assert [found.key(start) for start in found.starts] == ["2026-09", "2026-10"]


def test_quarters_and_years_are_labelled_as_people_say_them():
    found = resolve(
        preset=Preset.LAST_12_MONTHS,
        size=Size.QUARTER,
        first_month=None,
        last_month=None,
        today=TODAY,
    )
    assert [found.key(start) for start in found.starts] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
    assert found.label(found.starts[0]) == "Q4 2025"
    assert found.range_key == "2025-10/2026-09"


def test_a_range_may_start_in_january_three_years_back_in_any_month():
    """The dashboard's default view may open on the last three whole years: in December too."""
    for month in (1, 6, 12):
        keys = [key for key, _ in month_choices(datetime.date(2026, month, 20))]
        assert (
            keys[-1] == "2023-01"
            and keys[0] == f"{2026 if month > 1 else 2025}-{(month - 2) % 12 + 1:02d}"
        )
