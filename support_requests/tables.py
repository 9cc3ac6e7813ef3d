"""The rows of this app's tables, for the table component (`components/table.html`).

Each function returns the component's context: a caption, the column headings and one list of
cells per row (a cell is text, or a dict with text and href). Building the cells here keeps the
templates free of their own table markup; the status tags in a cell are the tag component's,
rendered from one compiled template. The queues, the app's longest tables, give each row as a
dict of its values instead, for a row partial that writes the cells (`_queue_row.html`).
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.templatetags.ui import day, when
from support_requests.models import SupportRequest


def _tag(text: str, colour: str) -> SafeString:
    return SafeString(get_template("components/tag.html").render({"text": text, "colour": colour}))


def _with_tag(tag: SafeString | None, text: str) -> SafeString | str:
    return format_html("{} {}", tag, text) if tag else text


# What queue_table reads of each request (with the names of its unit, routed unit and
# supporter): the queue pages load only these columns.
QUEUE_FIELDS = (
    "id",
    "state",
    "category",
    "urgency",
    "submitted_at",
    "first_contact_at",
    "handed_back_reason",
    "unit__name",
    "routed_unit__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)
# Any request id: each row's link is the detail URL of this id with the row's id in its place.
_ANY_ID = str(uuid.UUID(int=0))


def _choice_labels(field: str) -> dict[str, str]:
    """A field's choices as {value: label} in the current language. Read once per table:
    get_FOO_display rebuilds and hashes the field's whole list of choices on every call."""
    return {value: str(label) for value, label in SupportRequest._meta.get_field(field).flatchoices}


def queue_table(title: str, page) -> dict[str, Any]:
    """A queue of requests (triage, unit, assignments): most urgent first, then oldest.

    Every value a row shows is worked out here in one pass, for the row partial
    (`_queue_row.html`): the words that do not change from row to row are translated once, each
    status tag is rendered once, and each link is the same URL with the row's id.
    """
    labels = {
        "request": gettext("Request"),
        "urgency": gettext("Urgency"),
        "waiting": gettext("Waiting"),
        "target": gettext("Response target"),
        "about": gettext("About"),
        "unit": gettext("Unit"),
        "state": gettext("State"),
        "supporter": gettext("Supporter"),
    }
    urgencies, categories, states = (
        _choice_labels("urgency"),
        _choice_labels("category"),
        _choice_labels("state"),
    )
    tag = cache(_tag)  # (text, colour) -> the tag's markup, for this table
    sent, routed_to, nobody = (
        gettext("Open request sent %(when)s"),
        gettext("Routed to"),
        gettext("None yet"),
    )
    overdue, at_risk, handed_back = gettext("Overdue"), gettext("At risk"), gettext("Handed back")
    detail_url = reverse("support_requests:detail", args=[_ANY_ID])
    day_words = cache(day)  # a day's words once per table: most of ui.when's cost
    rows = []
    for r in page.object_list:
        timing = r.timing
        flag = None
        if timing.overdue and not timing.reached:
            flag = tag(overdue, "red")
        elif timing.at_risk:
            flag = tag(at_risk, "yellow")
        state = states.get(r.state, r.state)
        sent_at = timezone.localtime(r.submitted_at)  # ui.when: the day, then TIME_FORMAT (H:i)
        rows.append(
            {
                "href": detail_url.replace(_ANY_ID, str(r.pk)),
                "request": sent % {"when": f"{day_words(sent_at.date())}, {sent_at:%H:%M}"},
                "urgency": urgencies.get(r.urgency, r.urgency),
                "waiting": timing.age_words,
                "target": _with_tag(flag, timing.summary),
                "about": categories.get(r.category, r.category),
                "unit": format_html("{}<br>{} {}", r.unit.name, routed_to, r.routed_unit.name)
                if r.routed_unit
                else r.unit.name,
                "state": format_html("{} {}", state, tag(handed_back, "yellow"))
                if r.handed_back_reason
                else state,
                "supporter": r.assigned_to.display_name if r.assigned_to else nobody,
            }
        )
    caption = gettext("%(title)s: most urgent first, then oldest (%(count)s in all)") % {
        "title": title,
        "count": page.paginator.count,
    }
    return {"caption": caption, "columns": list(labels.values()), "labels": labels, "rows": rows}


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
