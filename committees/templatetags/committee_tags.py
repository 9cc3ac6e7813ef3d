"""Agenda, minutes and policies are Markdown: rendered, then sanitised, so no script survives."""

import markdown as markdown_library
import nh3
from django import template
from django.utils.safestring import mark_safe

from committees import occurrences

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Markdown to HTML, cleaned by nh3 (an allow-list: no script, no event handlers, no styles)."""
    html = markdown_library.markdown(text or "", extensions=["extra", "sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 (nh3 has removed everything unsafe)


@register.filter
def recurrence_in_words(meeting) -> str:
    return occurrences.describe(meeting.recurrence, meeting.time_zone)
