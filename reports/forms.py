"""The dashboard's filter: whole periods only, by month, quarter or year."""

from __future__ import annotations

import datetime

from django import forms

from reports.measures import Level, Scope
from reports.periods import Preset, Size, month_choices, parse_month, resolve


class ReportFilterForm(forms.Form):
    preset = forms.ChoiceField(
        label="Date range", choices=Preset.choices, initial=Preset.LAST_12_MONTHS, required=False
    )
    first_month = forms.ChoiceField(label="From month (when choosing months)", required=False)
    last_month = forms.ChoiceField(label="To month (when choosing months)", required=False)
    size = forms.ChoiceField(
        label="Show figures by", choices=Size.choices, initial=Size.MONTH, required=False
    )
    level = forms.ChoiceField(
        label="Count places by", choices=Level.CHOICES, initial=Level.DEPARTMENT, required=False
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        months = month_choices(today)
        self.fields["first_month"].choices = [("", "Earliest (12 months back)"), *months]
        self.fields["last_month"].choices = [("", "Latest complete month"), *months]

    def scope(self, unit_ids: frozenset[int] | None) -> Scope:
        """The whole periods and places this filter covers (defaults when unbound or invalid)."""
        # A filter that does not parse falls back to its default; the others still apply.
        data = (
            {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
            if self.is_bound and not self.is_valid()
            else (self.cleaned_data if self.is_bound else {})
        )
        preset = data.get("preset") or Preset.LAST_12_MONTHS
        size = data.get("size") or Size.MONTH
        first = data.get("first_month")
        last = data.get("last_month")
        if preset == Preset.CUSTOM and first and not last:
            last = month_choices(self.today, 1)[0][0]
        if preset == Preset.CUSTOM and last and not first:
            first = last
        report_range = resolve(
            preset=preset,
            size=size,
            first_month=parse_month(first) if first else None,
            last_month=parse_month(last) if last else None,
            today=self.today,
        )
        return Scope(
            range=report_range,
            unit_ids=unit_ids,
            level=data.get("level") or Level.DEPARTMENT,
            today=self.today,
        )
