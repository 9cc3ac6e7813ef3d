"""Roster bits other pages show (the nominee's pending invitation on the home page), and the rows
of the directory's table."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from core.spoken_languages import names_of
from core.templatetags.ui import day
from roster import selectors
from roster.models import JobRoleType, SupporterStatus

register = template.Library()


@register.inclusion_tag("roster/_invitation_notice.html", takes_context=True)
def pending_invitation_notice(context):
    """A notice with a link when the signed-in person has an invitation waiting (one query)."""
    user = context["user"]
    return {"has_invitation": selectors.pending_invitations_for(user).exists()}


@register.simple_tag
def directory_rows(entries, today) -> list[dict]:
    """Each supporter's cells, written once (selectors.directory_entries): the labels are
    translated once per page, not once per row and label."""
    role_types = {value: str(label) for value, label in JobRoleType.choices}
    statuses = {value: str(label) for value, label in SupporterStatus.choices}
    days: dict = {}
    rows = []
    for entry in entries:
        due = entry["refresher_due_on"]
        if due and due not in days:
            days[due] = day(due)
        name = f"{entry['user__first_name']} {entry['user__last_name']}".strip()
        rows.append(
            {
                "href": reverse("roster:supporter", args=[entry["pk"]]),
                "name": name or entry["user__email"],  # as User.display_name
                "role_type": role_types.get(entry["role_type"], entry["role_type"]),
                "home_unit": entry["home_unit__name"],
                "languages": names_of(entry["languages"]),
                "status": statuses.get(entry["status"], entry["status"]),
                "available": "Yes" if entry["is_available"] else "No",
                "refresher_due": days[due] if due else "",
                "overdue": bool(due) and due < today,
            }
        )
    return rows


@register.simple_tag
def component(name: str, **values) -> SafeString:
    """A component rendered once, to repeat in each row that shows it: {% component "tag"
    text="Not covered" colour="red" as not_covered %} (an include per row renders it per row)."""
    return SafeString(render_to_string(f"components/{name}.html", values))
