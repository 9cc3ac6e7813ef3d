"""The dates people may type in any form: from 1 January 2000 to five years ahead.

A date outside that range is a typo (2206 for 2026), and dates near year 1 or 9999 overflow once
turned into UTC or expanded by a recurrence rule.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5


def latest() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_date(value: datetime.date | datetime.datetime | None) -> None:
    """Refuse a date before 2000 or more than five years ahead (a form field validator)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    last = latest()
    if not EARLIEST <= day <= last:
        raise ValidationError(
            f"Give a date between {EARLIEST:%d %B %Y} and {last:%d %B %Y}.", code="date_range"
        )


class DateField(forms.DateField):
    """A date within the range people may type."""

    default_validators = [check_date]


class DateTimeField(forms.DateTimeField):
    """A date and time within the range people may type."""

    default_validators = [check_date]
