"""Agenda, minutes and policies are Markdown: rendered, then sanitised, so no script survives."""

import markdown as markdown_library
import nh3
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from committees import occurrences
from core.templatetags.ui import day, when

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown to HTML, cleaned by nh3 (an allow-list: no script, no event handlers, no styles)."""
    html = markdown_library.markdown(text or "", extensions=["extra", "sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 (nh3 has removed everything unsafe)


@register.filter
def recurrence_in_words(meeting) -> str:
    return occurrences.describe(meeting.recurrence, meeting.time_zone)


# ---- rows for the table component (templates/components/table.html) -----------------------
# A cell is text, or {"text", "href"} for a link; the first cell heads its row.


def _link(text, href: str) -> dict:
    return {"text": text, "href": href}


@register.simple_tag
def committee_rows(committees) -> list[list]:
    return [
        [
            _link(
                f"{c.name} ({_('standing')})" if c.is_standing else c.name,
                reverse("committees:committee", args=[c.slug]),
            ),
            c.member_count,
            c.meeting_count,
            _("Member") if c.is_mine else "—",
        ]
        for c in committees
    ]


@register.simple_tag
def meeting_rows(meetings, *, with_place: bool = False) -> list[list]:
    rows = []
    for meeting in meetings:
        third = (
            (meeting.location or "—")
            if with_place
            else occurrences.describe(meeting.recurrence, meeting.time_zone)
        )
        rows.append(
            [
                _link(meeting.title, reverse("committees:meeting", args=[meeting.pk])),
                when(meeting.starts_at),
                third,
            ]
        )
    return rows


@register.simple_tag
def activity_rows(items) -> list[list]:
    rows = []
    for item in items:
        due = day(item.due_on) if item.due_on else "—"
        if getattr(item, "is_late", False):
            due = f"{due} ({_('late')})"
        rows.append(
            [
                _link(item.activity, reverse("committees:edit_activity", args=[item.pk])),
                item.area.name,
                item.who or "—",
                item.timeframe or "—",
                item.desired_outcome or "—",
                item.get_status_display(),
                due,
            ]
        )
    return rows


@register.simple_tag
def checklist_rows(checklist) -> list[list]:
    rows = []
    for item in checklist:
        state = _("Done") if item.done else _("Open")
        if not item.done and item.missing:
            state = f"{state}. {_('Missing')}: {item.missing}"
        rows.append([item.check, item.heading, state])
    return rows


@register.simple_tag
def occurrence_rows(rows) -> list[list]:
    def state(published: bool, record) -> str:
        if published:
            return _("Published")
        return _("Draft") if record is not None else _("Not written")

    return [
        [
            _link(
                when(row.starts_at),
                reverse("committees:occurrence", args=[row.meeting_id, row.day.isoformat()]),
            ),
            state(row.agenda_published, row.record),
            state(row.minutes_published, row.record),
        ]
        for row in rows
    ]


@register.simple_tag
def history_rows(assignments) -> list[list]:
    return [
        [
            a.user.display_name,
            a.get_role_display(),
            day(a.started_on),
            day(a.ended_on) if a.ended_on else _("Holds it now"),
            a.assigned_by.display_name if a.assigned_by else "—",
        ]
        for a in assignments
    ]


@register.simple_tag
def policy_rows(policies, *, follow: bool) -> list[list]:
    rows = []
    for policy in policies:
        href = reverse("committees:policy", args=[policy.slug])
        current = policy.current
        if current is None:
            version, mine = _("Not published yet"), "—"
        else:
            version = _("Version %(number)s, %(day)s") % {
                "number": current.number,
                "day": day(current.published_on),
            }
            mine = (
                _("Acknowledged")
                if policy.acknowledged
                else _link(_("Read and acknowledge %(title)s") % {"title": policy.title}, href)
            )
        row = [_link(policy.title, href), version, mine]
        if follow:
            row.append(
                _link(
                    _("%(count)s have not acknowledged it") % {"count": policy.missing_count},
                    reverse("committees:policy_missing", args=[policy.slug]),
                )
                if current is not None
                else "—"
            )
        rows.append(row)
    return rows


@register.simple_tag
def missing_rows(people) -> list[list]:
    return [[p.display_name, p.supporter_profile.home_unit.name, p.email] for p in people]


@register.simple_tag
def cells(*texts) -> list:
    """A list made in a template: {% cells _("Name") _("Role") as columns %}."""
    return list(texts)


@register.simple_tag
def attendance_rows(attendance) -> list[list]:
    return [[day(row["occurrence_on"]), row["attended"]] for row in attendance]
