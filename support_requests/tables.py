"""The rows of this app's tables, for the table component (`components/table.html`).

Each function returns the component's context: a caption, the column headings and one list of
cells per row (a cell is text, or a dict with text and href). Building the cells here keeps the
templates free of their own table markup; the status tags in a cell are the tag component's,
rendered from one compiled template.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.templatetags.ui import day, when


def _tag(text: str, colour: str) -> SafeString:
    return SafeString(get_template("components/tag.html").render({"text": text, "colour": colour}))


def _with_tag(tag: SafeString | None, text: str) -> SafeString | str:
    return format_html("{} {}", tag, text) if tag else text


def queue_table(title: str, page) -> dict[str, Any]:
    """A queue of requests (triage, unit, assignments): most urgent first, then oldest."""
    columns = [
        gettext("Request"),
        gettext("Urgency"),
        gettext("Waiting"),
        gettext("Response target"),
        gettext("About"),
        gettext("Unit"),
        gettext("State"),
        gettext("Supporter"),
    ]
    rows = []
    for r in page.object_list:
        timing = r.timing
        flag = None
        if timing.overdue and not timing.reached:
            flag = _tag(gettext("Overdue"), "red")
        elif timing.at_risk:
            flag = _tag(gettext("At risk"), "yellow")
        unit = (
            format_html("{}<br>{} {}", r.unit.name, gettext("Routed to"), r.routed_unit.name)
            if r.routed_unit
            else r.unit.name
        )
        handed_back = _tag(gettext("Handed back"), "yellow") if r.handed_back_reason else None
        rows.append(
            [
                {
                    "text": gettext("Open request sent %(when)s") % {"when": when(r.submitted_at)},
                    "href": reverse("support_requests:detail", args=[r.pk]),
                },
                r.get_urgency_display(),
                timing.age_words,
                _with_tag(flag, timing.summary),
                r.get_category_display(),
                unit,
                format_html("{} {}", r.get_state_display(), handed_back)
                if handed_back
                else r.get_state_display(),
                r.assigned_to.display_name if r.assigned_to else gettext("None yet"),
            ]
        )
    caption = gettext("%(title)s: most urgent first, then oldest (%(count)s in all)") % {
        "title": title,
        "count": page.paginator.count,
    }
    return {"caption": caption, "columns": columns, "rows": rows}


def access_log_table(page, request_id: str) -> dict[str, Any]:
    """Events about requests, newest first; the requester is never named."""
    columns = [
        gettext("When (hospital time)"),
        gettext("Who (user id)"),
        gettext("What"),
        gettext("Change"),
        gettext("Request"),
        gettext("Outcome"),
    ]
    rows = []
    for e in page.object_list:
        if e.actor_id:
            who = str(e.actor_id)
        elif e.detail[:9] == "requester":
            who = gettext("the requester")
        else:
            who = gettext("system")
        link = format_html(
            '{}<span class="visually-hidden"> {}</span>',
            e.object_id[:8] + "…" if len(e.object_id) > 9 else e.object_id,
            gettext("(show this request's events)"),
        )
        rows.append(
            [
                when(e.at),
                who,
                e.get_action_display(),
                e.detail,
                {"text": link, "href": f"?request={e.object_id}"},
                e.get_outcome_display(),
            ]
        )
    caption = gettext("Events about requests, newest first")
    if request_id:
        caption += gettext(", for request %(id)s") % {"id": request_id}
    return {"caption": caption, "columns": columns, "rows": rows}


def outreach_table(page) -> dict[str, Any]:
    rows = [
        [
            {
                "text": gettext("Outreach opened %(day)s") % {"day": day(o.opened_at)},
                "href": reverse("support_requests:outreach_detail", args=[o.pk]),
            },
            f"{o.get_category_display()}, {day(o.event_on)}",
            o.unit.name,
            gettext("Closed") if o.closed_at else gettext("Open"),
        ]
        for o in page.object_list
    ]
    columns = [gettext("Outreach"), gettext("Event"), gettext("Unit"), gettext("Status")]
    return {"caption": gettext("Outreaches, newest first"), "columns": columns, "rows": rows}


def outreach_supporters_table(assignments) -> dict[str, Any]:
    rows = [[a.supporter.display_name, str(a.contacts_logged)] for a in assignments]
    columns = [gettext("Supporter"), gettext("Colleagues reached")]
    return {"caption": gettext("Supporters reaching out"), "columns": columns, "rows": rows}
