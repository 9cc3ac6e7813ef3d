"""When a meeting happens: RFC 5545 recurrence rules, expanded with dateutil, in the meeting's zone.

Rules are expanded from the first start expressed in the meeting's own time zone, so a 12:00
meeting stays at 12:00 local time across daylight-saving changes.
"""

from __future__ import annotations

import datetime
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


class RecurrenceError(ValueError):
    """A recurrence rule that cannot be understood."""


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
    parts = {part.partition("=")[0].strip() for part in rule.split(";")}
    frequency = next((p.split("=", 1)[1] for p in rule.split(";") if p.startswith("FREQ=")), "")
    if frequency.strip() not in MEETING_FREQUENCIES:
        raise RecurrenceError(
            "This recurrence rule is not valid: a meeting repeats daily, weekly, monthly or yearly (FREQ=...)."
        )
    if parts & {"BYHOUR", "BYMINUTE", "BYSECOND"}:
        raise RecurrenceError(
            "A meeting keeps its start time: leave out BYHOUR, BYMINUTE and BYSECOND."
        )
    return rule


def local_start(meeting) -> datetime.datetime:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone))


def occurrences_between(meeting, start: datetime.datetime, end: datetime.datetime) -> list:
    """Start times (aware, meeting's zone) of occurrences with start <= time < end."""
    first = local_start(meeting)
    if not meeting.recurrence:
        return [first] if start <= first < end else []
    rule = rrulestr(meeting.recurrence, dtstart=first)
    return [when for when in rule.between(start, end, inc=True) if when < end]


def next_occurrences(meeting, after: datetime.datetime, count: int = 3) -> list:
    """The next `count` starts at or after `after` (none once the meeting is cancelled)."""
    if meeting.cancelled_at is not None:
        return []
    first = local_start(meeting)
    if not meeting.recurrence:
        return [first] if first >= after else []
    rule = rrulestr(meeting.recurrence, dtstart=first)
    found = []
    when = rule.after(after, inc=True)
    while when is not None and len(found) < count:
        found.append(when)
        when = rule.after(when)
    return found


def past_occurrences(meeting, before: datetime.datetime, count: int = 12) -> list:
    """The last `count` starts before `before`, most recent first (for recording attendance)."""
    first = local_start(meeting)
    if not meeting.recurrence:
        return [first] if first < before else []
    rule = rrulestr(meeting.recurrence, dtstart=first)
    found = []
    when = rule.before(before)
    while when is not None and len(found) < count:
        found.append(when)
        when = rule.before(when)
    return found


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
