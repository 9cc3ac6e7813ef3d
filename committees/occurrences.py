"""When a meeting happens: RFC 5545 recurrence rules, expanded with dateutil, in the meeting's zone.

Rules are expanded from the first start expressed in the meeting's own time zone, so a 12:00
meeting stays at 12:00 local time across daylight-saving changes.
"""

from __future__ import annotations

import datetime
import sys
import time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

# The plain-language choices of the meeting form and how each builds its rule.
ONCE = "once"
WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY_WEEKDAY = "monthly_weekday"
MONTHLY_DATE = "monthly_date"
QUARTERLY_WEEKDAY = "quarterly_weekday"
CUSTOM = "custom"

REPEAT_CHOICES = [
    (ONCE, "Does not repeat"),
    (WEEKLY, "Every week on the same day"),
    (FORTNIGHTLY, "Every two weeks on the same day"),
    (MONTHLY_WEEKDAY, "Every month on the same weekday (e.g. the second Tuesday)"),
    (MONTHLY_DATE, "Every month on the same date"),
    (QUARTERLY_WEEKDAY, "Every three months on the same weekday"),
    (CUSTOM, "A custom rule (RFC 5545 RRULE)"),
]

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = dict(
    zip(
        WEEKDAY_CODES,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


MEETING_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
# The parts a meeting's rule may use (RFC 5545 3.3.10, without the time-of-day and the rarely
# meant BYYEARDAY / BYWEEKNO, which make rules whose emptiness is costly to discover).
RULE_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
)
# A rule must give a first occurrence within this many years of the first date, and at most
# MAX_OCCURRENCES_A_YEAR in its first year (a daily meeting fits).
HORIZON_YEARS = 5
MAX_OCCURRENCES_A_YEAR = 366
MAX_OCCURRENCES = HORIZON_YEARS * MAX_OCCURRENCES_A_YEAR
# Hard caps of every expansion: how many occurrences, and how long the walk may take. A rule
# whose days never match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) makes dateutil walk day by day to
# the year 9999 before it gives up, which takes about a minute.
EXPANSION_LIMIT = MAX_OCCURRENCES + 1
EXPANSION_SECONDS = 0.2
# Validation is decided by work, not by the clock, so a busy machine never turns a valid rule
# away: the walk may take VALIDATION_STEPS function calls inside dateutil. A daily rule that
# picks days by date or weekday is walked as the same rule stepping a year at a time (see
# _same_dates_by_year), so FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29, which waits up to four years for a
# leap day, takes a few hundred; a daily rule of a two-day interval examined for the whole
# look-ahead takes about 4,500; a rule that never yields a date spends the budget in a few
# tens of milliseconds.
VALIDATION_STEPS = 6_000
# A backstop only: the step budget ends every validation long before it.
VALIDATION_SECONDS = 2.0
DAYS_IN_MONTH = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}  # at most; 31 for the others


class RecurrenceError(ValueError):
    """A recurrence rule that cannot be understood."""


class ExpansionTooSlow(RecurrenceError):
    """Expanding the rule took longer than its time budget."""


def _walk(
    rule,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    deadline: float,
    limit: int = EXPANSION_LIMIT,
    steps: list[int] | None = None,
) -> list:
    """Occurrences of a dateutil rule with start <= time < end, at most `limit`.

    dateutil's iterator may walk for a minute between two occurrences, and a generator cannot
    be interrupted from outside; so a trace function (called at each function call, once per
    day or month dateutil examines) raises ExpansionTooSlow once the budget is spent. The
    previous trace function (a debugger's, coverage's) is put back afterwards. `deadline` is a
    time.monotonic() value. `steps`, when given, is a one-item list holding how many more calls
    the walk may make; it is counted down (shared by successive walks of one validation).
    """

    def stop_when_late(frame, event, arg):
        if steps is not None:
            steps[0] -= 1
            if steps[0] < 0:
                raise ExpansionTooSlow("This recurrence rule takes too long to work out.")
            if steps[0] % 1000:  # counted work decides; the clock is looked at now and then
                return
        if time.monotonic() > deadline:
            raise ExpansionTooSlow("This recurrence rule takes too long to work out.")

    found: list = []
    previous = sys.gettrace()
    sys.settrace(stop_when_late)
    try:
        for when in rule:
            if when >= end or len(found) >= limit:
                break
            if when >= start:
                found.append(when)
    finally:
        sys.settrace(previous)
    return found


def _expand(meeting, start: datetime.datetime, end: datetime.datetime) -> list:
    """A meeting's occurrences in [start, end), within the hard caps; an over-long walk ends
    with what it found (a page never hangs on a bad rule saved before rules were checked)."""
    first = local_start(meeting)
    if not meeting.recurrence:
        return [first] if start <= first < end else []
    try:
        rule = rrulestr(meeting.recurrence, dtstart=first)
        return _walk(rule, start, end, deadline=time.monotonic() + EXPANSION_SECONDS)
    except (ValueError, TypeError):
        return []


def _years_after(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def nth_weekday_code(day: datetime.date) -> str:
    """`2TU` for the second Tuesday of its month; `-1TU` for a fifth (so: the last) Tuesday."""
    nth = (day.day - 1) // 7 + 1
    return f"{-1 if nth == 5 else nth}{WEEKDAY_CODES[day.weekday()]}"


def build_rule(repeat: str, first: datetime.datetime, until: datetime.date | None = None) -> str:
    """The RRULE for a plain-language choice, starting at `first` (aware, local to the meeting)."""
    rules = {
        ONCE: "",
        WEEKLY: "FREQ=WEEKLY",
        FORTNIGHTLY: "FREQ=WEEKLY;INTERVAL=2",
        MONTHLY_WEEKDAY: f"FREQ=MONTHLY;BYDAY={nth_weekday_code(first.date())}",
        MONTHLY_DATE: f"FREQ=MONTHLY;BYMONTHDAY={first.day}",
        QUARTERLY_WEEKDAY: f"FREQ=MONTHLY;INTERVAL=3;BYDAY={nth_weekday_code(first.date())}",
    }
    rule = rules[repeat]
    if rule and until is not None:
        # UNTIL is in UTC when the start is zoned (RFC 5545 3.3.10): the end of that local day.
        end_of_day = datetime.datetime.combine(until, datetime.time(23, 59, 59), first.tzinfo)
        rule += f";UNTIL={end_of_day.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    return rule


def validate_rule(rule: str, first: datetime.datetime) -> str:
    """The rule, normalised, or RecurrenceError when dateutil cannot expand it."""
    rule = rule.strip().removeprefix("RRULE:").upper()
    if not rule:
        return ""
    if "DTSTART" in rule or "\n" in rule:
        raise RecurrenceError("Give one RRULE only, without DTSTART.")
    try:
        rrulestr(rule, dtstart=first)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(f"This recurrence rule is not valid: {error}") from error
    # Expanding a rule walks every occurrence from the first: a secondly rule (or BYSECOND,
    # BYMINUTE, BYHOUR lists) would make each page and sweep walk millions of them.
    values = dict(part.strip().partition("=")[::2] for part in rule.split(";") if part.strip())
    if values.get("FREQ", "").strip() not in MEETING_FREQUENCIES:
        raise RecurrenceError(
            "This recurrence rule is not valid: a meeting repeats daily, weekly, monthly or yearly (FREQ=...)."
        )
    if set(values) & {"BYHOUR", "BYMINUTE", "BYSECOND"}:
        raise RecurrenceError(
            "A meeting keeps its start time: leave out BYHOUR, BYMINUTE and BYSECOND."
        )
    unknown = set(values) - RULE_PARTS
    if unknown:
        raise RecurrenceError(f"A meeting's rule cannot use {', '.join(sorted(unknown))}.")
    for name in ("INTERVAL", "COUNT"):
        # INTERVAL=0 never moves on: dateutil would spin for ever on the first day.
        if name in values and not (values[name].isdigit() and int(values[name]) >= 1):
            raise RecurrenceError(f"{name} must be a whole number of at least 1.")
    _check_days_exist(values)
    try:
        parsed = rrulestr(_same_dates_by_year(values) or rule, dtstart=first)
    except (ValueError, TypeError) as error:
        raise RecurrenceError(f"This recurrence rule is not valid: {error}") from error
    _check_bounded(parsed, first)
    return rule


def _same_dates_by_year(values: dict) -> str:
    """A yearly rule giving the same dates as this daily one, or "" when there is none.

    FREQ=DAILY with an interval of one keeps the days its BYMONTH, BYMONTHDAY and BYDAY allow;
    FREQ=YEARLY with the same parts gives the same days when BYMONTHDAY or BYDAY is among them
    (without either, a yearly rule would keep only the first date's day of the month). dateutil
    examines a daily rule day by day but a yearly one a year at a time: the check of a rule
    whose dates are years apart (29 February) costs a few steps instead of thousands.
    """
    if values.get("FREQ") != "DAILY" or values.get("INTERVAL", "1") != "1":
        return ""
    if "BYSETPOS" in values or not ({"BYMONTHDAY", "BYDAY"} & set(values)):
        return ""
    if any(not day.strip().isalpha() for day in values.get("BYDAY", "").split(",") if day):
        return ""  # an ordinal weekday ("1MO") means something else in a yearly rule
    return ";".join(
        f"{name}={'YEARLY' if name == 'FREQ' else value}" for name, value in values.items()
    )


def _numbers(values: dict, name: str) -> list[int]:
    try:
        return [int(value) for value in values.get(name, "").split(",") if value]
    except ValueError as error:
        raise RecurrenceError(f"{name} takes whole numbers.") from error


def _check_days_exist(values: dict) -> None:
    """BYMONTHDAY=30 with BYMONTH=2 names a day no calendar has: say so at once."""
    months, days = _numbers(values, "BYMONTH"), _numbers(values, "BYMONTHDAY")
    if not (months and days):
        return
    if not any(abs(day) <= DAYS_IN_MONTH.get(month, 31) for month in months for day in days):
        raise RecurrenceError("No month of this rule has that day: it gives no date at all.")


def _check_bounded(parsed, first: datetime.datetime) -> None:
    """At least one occurrence within HORIZON_YEARS (more than the four years between leap days)
    and at most MAX_OCCURRENCES_A_YEAR in the first year, found within VALIDATION_STEPS."""
    deadline = time.monotonic() + VALIDATION_SECONDS
    steps = [VALIDATION_STEPS]
    year_later = _years_after(first, 1)
    try:
        found = _walk(
            parsed,
            first,
            year_later,
            deadline=deadline,
            limit=MAX_OCCURRENCES_A_YEAR + 1,
            steps=steps,
        )
        if not found:
            end = _years_after(first, HORIZON_YEARS)
            found = _walk(parsed, year_later, end, deadline=deadline, limit=1, steps=steps)
    except ExpansionTooSlow as error:
        raise RecurrenceError(
            f"This rule gives no date within {HORIZON_YEARS} years, or takes too long to work out."
        ) from error
    if not found:
        raise RecurrenceError(f"This rule gives no date within {HORIZON_YEARS} years.")
    if len(found) > MAX_OCCURRENCES_A_YEAR:
        raise RecurrenceError(f"This rule gives more than {MAX_OCCURRENCES_A_YEAR} dates a year.")


def local_start(meeting) -> datetime.datetime:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))


def occurrences_between(meeting, start: datetime.datetime, end: datetime.datetime) -> list:
    """Start times (aware, meeting's zone) of occurrences with start <= time < end (capped)."""
    return _expand(meeting, start, end)


def next_occurrences(meeting, after: datetime.datetime, count: int = 3) -> list:
    """The next `count` starts at or after `after`, within HORIZON_YEARS (none once the meeting
    is cancelled)."""
    if meeting.cancelled_at is not None:
        return []
    return _expand(meeting, after, _years_after(after, HORIZON_YEARS))[:count]


def past_occurrences(meeting, before: datetime.datetime, count: int = 12) -> list:
    """The last `count` starts before `before`, most recent first (for recording attendance)."""
    found = _expand(meeting, local_start(meeting), before)
    return found[::-1][:count]


def until_date(value: str, time_zone: str) -> datetime.date:
    """The local date of an RRULE UNTIL (UTC when it ends in Z)."""
    if value.endswith("Z"):
        moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        return moment.astimezone(ZoneInfo(time_zone)).date()
    return datetime.datetime.strptime(value[:8], "%Y%m%d").date()  # noqa: DTZ007 (a date)


def describe(rule: str, time_zone: str = "UTC") -> str:
    """Plain words for the rules the form builds; the rule itself for anything else."""
    if not rule:
        return "Does not repeat"
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    frequency, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1"))
    words = None
    if frequency == "WEEKLY" and set(parts) <= {"FREQ", "INTERVAL", "UNTIL"}:
        words = "Every week" if interval == 1 else f"Every {interval} weeks"
    elif (
        frequency == "MONTHLY"
        and "BYDAY" in parts
        and set(parts)
        <= {
            "FREQ",
            "INTERVAL",
            "BYDAY",
            "UNTIL",
        }
    ):
        code = parts["BYDAY"]
        nth, day = int(code[:-2] or 1), code[-2:]
        if nth in ORDINALS and day in WEEKDAY_NAMES:
            every = "Every month" if interval == 1 else f"Every {interval} months"
            words = f"{every} on the {ORDINALS[nth]} {WEEKDAY_NAMES[day]}"
    elif frequency == "MONTHLY" and set(parts) <= {"FREQ", "INTERVAL", "BYMONTHDAY", "UNTIL"}:
        every = "Every month" if interval == 1 else f"Every {interval} months"
        words = f"{every} on day {parts.get('BYMONTHDAY', '')}".rstrip()
    if words is None:
        return f"Repeats by the rule {rule}"
    if "UNTIL" in parts:
        until = until_date(parts["UNTIL"], time_zone)
        words += f", until {until:%B} {until.day}, {until.year}"
    return words
