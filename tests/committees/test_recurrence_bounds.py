"""Bad recurrence rules cannot hurt the site: refused quickly, and every expansion is capped."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees import occurrences
from core import dates

NEW_YORK = ZoneInfo("America/New_York")
FIRST = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK)  # a Tuesday


def fastest_refusal(rule: str) -> float:
    """Seconds of the fastest of three refusals (the machine may be busy with other work)."""
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        with pytest.raises(occurrences.RecurrenceError):
            occurrences.validate_rule(rule, FIRST)
        timings.append(time.perf_counter() - start)
    return min(timings)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # every 7 days from a Tuesday never meets a Monday
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=5",
        "FREQ=DAILY;UNTIL=20200101T000000Z",
        "FREQ=WEEKLY;COUNT=0",
        "FREQ=YEARLY;BYWEEKNO=60",
    ],
)
def test_a_rule_without_a_date_in_five_years_is_refused_in_under_100_ms(rule):
    assert fastest_refusal(rule) < 0.1


@pytest.mark.parametrize(
    "rule",
    ["FREQ=WEEKLY", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"],
)
def test_ordinary_rules_pass(rule):
    assert occurrences.validate_rule(rule, FIRST) == rule


@pytest.mark.parametrize(
    "first",
    [
        FIRST,
        datetime.datetime(2028, 3, 1, 12, 0, tzinfo=NEW_YORK),  # the longest wait: four years
        datetime.datetime(2028, 2, 29, 12, 0, tzinfo=NEW_YORK),
    ],
)
def test_a_leap_day_rule_is_accepted_from_any_start(first):
    rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29"
    assert occurrences.validate_rule(rule, first) == rule


def test_a_busy_machine_does_not_turn_a_valid_rule_away(monkeypatch):
    """Validation counts work, not time: a clock that races ahead changes nothing."""
    ticks = iter(range(10**9))
    monkeypatch.setattr(occurrences.time, "monotonic", lambda: next(ticks) * 0.01)
    rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29"
    first = datetime.datetime(2028, 3, 1, 12, 0, tzinfo=NEW_YORK)
    assert occurrences.validate_rule(rule, first) == rule


def test_a_leap_day_rule_that_also_needs_a_weekday_is_refused_quickly():
    # 29 February falls on a Monday in 2044 only: beyond the look-ahead, so no date is found.
    assert fastest_refusal("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO") < 0.1


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=DAILY;BYDAY=MO,WE",
        "FREQ=DAILY;BYMONTH=1,7;BYDAY=FR",
        "FREQ=DAILY;BYMONTHDAY=1,-1;COUNT=20",
    ],
)
def test_a_daily_rule_is_checked_as_the_yearly_rule_of_the_same_dates(rule):
    from dateutil.rrule import rrulestr

    values = dict(part.split("=") for part in rule.split(";"))
    yearly = occurrences._same_dates_by_year(values)
    assert yearly.startswith("FREQ=YEARLY")
    end = FIRST.replace(year=FIRST.year + 10)
    assert list(rrulestr(yearly, dtstart=FIRST).between(FIRST, end, inc=True)) == list(
        rrulestr(rule, dtstart=FIRST).between(FIRST, end, inc=True)
    )


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYMONTH=2", "FREQ=DAILY;INTERVAL=2;BYDAY=MO", "FREQ=DAILY;BYDAY=1MO"]
)
def test_daily_rules_without_a_yearly_twin_are_walked_as_they_are(rule):
    values = dict(part.split("=") for part in rule.split(";"))
    assert occurrences._same_dates_by_year(values) == ""


class Stored:
    """A meeting whose rule was saved before rules were checked."""

    def __init__(self, rule):
        self.recurrence = rule
        self.starts_at = FIRST
        self.time_zone = "America/New_York"
        self.cancelled_at = None


def test_expanding_a_bad_rule_saved_long_ago_ends_quickly_with_what_it_found():
    meeting = Stored("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    start = time.perf_counter()
    assert occurrences.next_occurrences(meeting, FIRST) == []
    assert occurrences.past_occurrences(meeting, FIRST + datetime.timedelta(days=3650)) == []
    assert time.perf_counter() - start < 1.0


def test_every_expansion_is_capped():
    meeting = Stored("FREQ=DAILY")
    found = occurrences.occurrences_between(
        meeting, FIRST, FIRST + datetime.timedelta(days=365 * 20)
    )
    assert len(found) <= occurrences.EXPANSION_LIMIT


@pytest.mark.parametrize(
    "day",
    [datetime.date(1999, 12, 31), timezone.localdate() + datetime.timedelta(days=5 * 366 + 1)],
)
def test_dates_before_2000_or_over_five_years_ahead_are_refused(day):
    with pytest.raises(ValidationError):
        dates.check_date(day)
    with pytest.raises(ValidationError):
        dates.DateField().clean(day.isoformat())


FORMS_WITH_DATES = [
    ("committees.forms", "MeetingForm", "first_date"),
    ("committees.forms", "MeetingForm", "repeat_until"),
    ("support_requests.forms", "FirstContactForm", "on"),
    ("support_requests.forms", "OutreachForm", "event_on"),
    ("training.forms", "SessionForm", "starts_at"),
    ("roster.forms", "ShiftForm", "starts_at"),
]


@pytest.mark.parametrize(("module", "form", "field"), FORMS_WITH_DATES)
def test_every_form_that_takes_a_date_uses_the_bounded_fields(module, form, field):
    import importlib

    form_class = getattr(importlib.import_module(module), form)
    assert isinstance(form_class.base_fields[field], dates.DateField | dates.DateTimeField)
