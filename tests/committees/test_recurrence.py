"""The plain-language repeat choices build RFC 5545 rules that mean what they say."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees import occurrences

NEW_YORK = ZoneInfo("America/New_York")
days = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2035, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def expand(rule, first, count=14):
    from dateutil.rrule import rrulestr

    return list(itertools.islice(rrulestr(rule, dtstart=first), count)) if rule else [first]


@given(day=days, time=times)
def test_monthly_on_the_same_weekday_always_lands_on_that_weekday_and_week(day, time):
    first = datetime.datetime.combine(day, time, NEW_YORK)
    rule = occurrences.build_rule(occurrences.MONTHLY_WEEKDAY, first)
    starts = expand(rule, first)
    assert starts[0] == first
    nth = (day.day - 1) // 7 + 1
    for start in starts:
        assert start.weekday() == day.weekday()
        assert (start.hour, start.minute) == (time.hour, time.minute)
        if nth < 5:
            assert (start.day - 1) // 7 + 1 == nth
        else:  # a fifth weekday becomes "the last" one, which every month has
            assert (start + datetime.timedelta(days=7)).month != start.month
    months = [(s.year, s.month) for s in starts]
    assert len(set(months)) == len(months)


@given(day=days, time=times, weeks=st.integers(min_value=0, max_value=30))
def test_repeat_until_includes_the_last_day_and_nothing_after(day, time, weeks):
    first = datetime.datetime.combine(day, time, NEW_YORK)
    until = day + datetime.timedelta(weeks=weeks)
    starts = expand(occurrences.build_rule(occurrences.WEEKLY, first, until), first, count=100)
    assert len(starts) == weeks + 1
    assert starts[-1].date() == until


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("", "Does not repeat"),
        ("FREQ=WEEKLY", "Every week"),
        ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks"),
        ("FREQ=MONTHLY;BYDAY=2TU", "Every month on the second Tuesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday"),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE", "Every 3 months on the first Wednesday"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Every month on day 15"),
        (
            "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270615T035959Z",
            "Every month on the second Tuesday, until June 14, 2027",
        ),
        ("FREQ=YEARLY;BYMONTH=3", "Repeats by the rule FREQ=YEARLY;BYMONTH=3"),
    ],
)
def test_rules_are_described_in_plain_words(rule, words):
    assert occurrences.describe(rule, "America/New_York") == words


@pytest.mark.parametrize(
    "rule", ["FREQ=SOMETIMES", "DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "BYDAY=XX"]
)
def test_invalid_custom_rules_are_refused(rule):
    with pytest.raises(occurrences.RecurrenceError):
        occurrences.validate_rule(rule, datetime.datetime(2026, 1, 1, tzinfo=NEW_YORK))
