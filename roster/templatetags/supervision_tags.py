"""The supervision flag (for the home and roster pages) and the rows of the supervision table."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from core.templatetags.ui import day
from roster import supervision

register = template.Library()


@register.simple_tag(takes_context=True)
def supervision_overdue(context) -> int:
    """How many check-ins in this person's view are overdue (0 for most people: one query)."""
    user = context.get("user")
    return supervision.overdue_count(user) if user is not None else 0


@register.simple_tag
def supervision_rows(profiles, today) -> list[list]:
    rows = []
    for profile in profiles:
        record = getattr(profile, "supervision", None)
        next_due = record.next_due_on if record else None
        due_text = day(next_due) if next_due else _("Not set")
        if next_due and next_due < today:
            due_text = f"{due_text} ({_('overdue')})"
        rows.append(
            [
                {
                    "text": profile.user.display_name,
                    "href": reverse("roster:supervision_record", args=[profile.pk]),
                },
                profile.home_unit.name,
                record.supervisor.display_name if record and record.supervisor else _("Nobody yet"),
                day(record.last_check_in_on) if record and record.last_check_in_on else "—",
                due_text,
            ]
        )
    return rows


@register.simple_tag
def columns(*headings) -> list:
    """The headings of a table, made in the template: {% columns _("Name") as columns %}."""
    return list(headings)
