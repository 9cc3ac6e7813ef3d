"""Monthly rollups of the intervention facts, so the dashboard reads a few thousand rows, not all.

Each row counts the interventions requested in one month (in the site's time zone, as the
dashboard's periods are) that share every other column. Rebuilt from Intervention by
`reports.services` (month by month, idempotent: a month's rows are replaced), never edited by hand.
The dashboard's figures come out identical to counting Intervention directly (tests/reports).
"""

from django.db import models

from roster.models import JobRoleType
from support_requests.models import Category, InterventionKind, Urgency


class InterventionMonthly(models.Model):
    """Interventions per month, place, kind, category and supporter role type."""

    month = models.DateField(help_text="First day of the month requested (site time zone).")
    department = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=InterventionKind.choices)
    category = models.CharField(max_length=32, choices=Category.choices)
    supporter_role_type = models.CharField(max_length=32, choices=JobRoleType.choices, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One row per combination; its index (month first) serves the dashboard's
            # hospital-wide GROUP BY kind / category / department / unit / role type over
            # `month >= start AND month < end`, and the refresh's DELETE of one month.
            models.UniqueConstraint(
                fields=["month", "department", "unit", "kind", "category", "supporter_role_type"],
                name="intervention_monthly_once",
            )
        ]
        indexes = [
            # A local lead's dashboard: `department_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["department", "month"], name="intervention_monthly_dept_idx"),
            # A local lead's dashboard: `unit_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["unit", "month"], name="intervention_monthly_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.count}"


class ContactHoursMonthly(models.Model):
    """Interventions per month, place, started hour to first contact (None: not recorded) and
    urgency, with whether the urgency's target was met.

    `hours` is minutes / 60 rounded up, so "within the target of T hours" (minutes <= 60 T) is
    exactly `hours <= T`. The first-contact bands are counted here, and the percentiles find here
    the hour their rank falls in (a few thousand rows where exact minutes have tens of thousands).
    """

    month = models.DateField(help_text="First day of the month requested (site time zone).")
    department = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    hours = models.PositiveIntegerField(null=True, blank=True)
    # The request's urgency ("" for outreach) and whether its first contact met that urgency's
    # response target (RESPONSE_TARGET_MINUTES when the month was rolled up): "today" requests
    # aim at 30 minutes, which whole hours cannot tell.
    urgency = models.CharField(max_length=16, choices=Urgency.choices, blank=True, db_default="")
    within_target = models.BooleanField(db_default=False)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One row per combination; its index (month first) serves the bands' GROUP BY and the
            # percentiles' first step over `month >= start AND month < end`, and the DELETE.
            models.UniqueConstraint(
                fields=["month", "department", "unit", "hours", "urgency", "within_target"],
                name="contact_hours_urgency_once",
            )
        ]
        indexes = [
            # A local lead's dashboard: `department_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["department", "month"], name="contact_hours_dept_idx"),
            # A local lead's dashboard: `unit_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["unit", "month"], name="contact_hours_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}, hour {self.hours}: {self.count}"


class ContactMonthly(models.Model):
    """Interventions per month, place and exact minutes to first contact (None: not recorded).

    The percentiles' second step reads here the exact minutes of the one hour their rank falls
    in, so they equal the nearest-rank percentiles over the interventions themselves.
    """

    month = models.DateField(help_text="First day of the month requested (site time zone).")
    department = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One row per combination; its index (month first) serves the refresh's DELETE of a month.
            models.UniqueConstraint(
                fields=["month", "department", "unit", "minutes"], name="contact_monthly_once"
            )
        ]
        indexes = [
            # The percentiles' second step: `month = m AND minutes > 60 (h - 1) AND <= 60 h`.
            models.Index(fields=["month", "minutes"], name="contact_monthly_minutes_idx"),
            # A local lead's dashboard: `department_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["department", "month"], name="contact_monthly_dept_idx"),
            # A local lead's dashboard: `unit_id IN (...) AND month >= start AND < end`.
            models.Index(fields=["unit", "month"], name="contact_monthly_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}, {self.minutes} minutes: {self.count}"


class RollupState(models.Model):
    """One row: the highest Intervention id the rollups have counted, and when they last changed."""

    last_intervention_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rollup up to intervention {self.last_intervention_id}"
