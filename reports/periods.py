"""Whole reporting periods: months, quarters and years, never arbitrary days.

A range always starts at the beginning of a period and ends at the end of a complete one, so two
reports cannot be subtracted from each other to reveal one person, and the current, still moving
month never shows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models


class Size(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class Preset(models.TextChoices):
    LAST_12_MONTHS = "last_12_months", "Last 12 months"
    LAST_QUARTER = "last_quarter", "Last quarter"
    YEAR_TO_DATE = "year_to_date", "Year to date"
    CUSTOM = "custom", "Choose months"


MONTHS_IN = {Size.MONTH: 1, Size.QUARTER: 3, Size.YEAR: 12}
COARSER = {Size.MONTH: Size.QUARTER, Size.QUARTER: Size.YEAR}


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(day: datetime.date, size: str) -> datetime.date:
    """The first day of the period of this size that contains `day`."""
    month = day.month - (day.month - 1) % MONTHS_IN[size]
    return datetime.date(day.year, month, 1)


def month_key(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def parse_month(text: str) -> datetime.date:
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


@dataclass(frozen=True)
class ReportRange:
    """Whole periods of one size: [start, end) with `end` the first day after the last period."""

    size: str
    start: datetime.date
    end: datetime.date

    @property
    def starts(self) -> list[datetime.date]:
        found, day = [], self.start
        while day < self.end:
            found.append(day)
            day = add_months(day, MONTHS_IN[self.size])
        return found

    @property
    def size_label(self) -> str:
        return Size(self.size).label.lower()

    @property
    def last_month(self) -> datetime.date:
        return add_months(self.end, -1)

    def key(self, start: datetime.date) -> str:
        """The period as the CSV writes it: 2026-03, 2026-Q1, 2026."""
        if self.size == Size.MONTH:
            return month_key(start)
        if self.size == Size.QUARTER:
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        return str(start.year)

    def label(self, start: datetime.date) -> str:
        """The period as the page shows it: Mar 2026, Q1 2026, 2026."""
        if self.size == Size.MONTH:
            return f"{start:%b %Y}"
        if self.size == Size.QUARTER:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        return str(start.year)

    @property
    def range_key(self) -> str:
        """The whole range, for totals: 2025-11/2026-10."""
        return f"{month_key(self.start)}/{month_key(self.last_month)}"

    @property
    def range_label(self) -> str:
        return f"{self.start:%b %Y} to {self.last_month:%b %Y}"


def resolve(
    *,
    preset: str,
    size: str,
    first_month: datetime.date | None,
    last_month: datetime.date | None,
    today: datetime.date,
) -> ReportRange:
    """The whole periods a filter asks for, widened to the period size, complete periods only."""
    current_month = period_start(today, Size.MONTH)
    if preset == Preset.LAST_QUARTER:
        end = period_start(today, Size.QUARTER)
        first_month, last_month = add_months(end, -3), add_months(end, -1)
    elif preset == Preset.YEAR_TO_DATE:
        first_month = datetime.date(today.year, 1, 1)
        last_month = add_months(current_month, -1)
        if last_month < first_month:  # January: no complete month this year yet
            first_month = datetime.date(today.year - 1, 1, 1)
    elif preset == Preset.CUSTOM and first_month and last_month:
        first_month, last_month = min(first_month, last_month), max(first_month, last_month)
    else:
        first_month, last_month = add_months(current_month, -12), add_months(current_month, -1)
    last_month = min(last_month, add_months(current_month, -1))
    start = period_start(first_month, size)
    end = add_months(period_start(last_month, size), MONTHS_IN[size])
    if end > current_month:  # the last period is not over yet: stop at the one before
        end = add_months(end, -MONTHS_IN[size])
    if end <= start:  # nothing complete in the range: the last complete period of this size
        end = period_start(current_month, size)
        start = add_months(end, -MONTHS_IN[size])
    return ReportRange(size=size, start=start, end=end)


def month_choices(today: datetime.date, count: int | None = None) -> list[tuple[str, str]]:
    """The complete months a custom range may start or end on, newest first: by default this
    year's and the three calendar years before it (the default view may open on all three)."""
    current = period_start(today, Size.MONTH)
    count = 35 + today.month if count is None else count
    months = [add_months(current, -offset) for offset in range(1, count + 1)]
    return [(month_key(month), f"{month:%B %Y}") for month in months]
