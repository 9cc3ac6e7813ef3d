"""The rows of the training pages' tables, written in one pass."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from core.templatetags.ui import clock, day, when

register = template.Library()


@register.simple_tag
def session_rows(sessions) -> list[dict]:
    """Each upcoming session's cells (training/_session_row.html). The column labels are
    translated once for the table, not once per row and column: a row's template tags (three
    translations, a URL, three dates, two plural phrases) were most of the list's time."""
    labels = {"when": _("When"), "where": _("Where"), "places": _("Places")}
    rows = []
    for session in sessions:
        if session.enrolled_count >= session.capacity:
            places = _("Full (%(waiting)s waiting)") % {"waiting": session.waitlist_count}
        else:
            places = _("%(taken)s of %(capacity)s taken") % {
                "taken": session.enrolled_count,
                "capacity": session.capacity,
            }
        rows.append(
            {
                "href": reverse("training:session", args=[session.pk]),
                "title": f"{session.course.name}, {day(session.starts_at)}",
                "when": f"{when(session.starts_at)}–{clock(session.ends_at)}",
                "place": session.place or _("Video call"),
                "places": places,
                "labels": labels,
            }
        )
    return rows
