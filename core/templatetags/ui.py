"""The design system's filters: one date and time format, and form widgets with the right attributes.

Installed as a template builtin, so every template can use them without `{% load %}`.
"""

import datetime
import functools
import html

from django import forms, template
from django.template.base import render_value_in_context
from django.utils import dateformat, timezone, translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

DAY_FORMAT = "D j M Y"
TIME_FORMAT = "H:i"
# The day in other languages: Django's own catalogues give the names of days and months.
# Spanish writes the day in full, "martes 1 de diciembre de 2026", as people read it aloud.
DAY_FORMATS = {"es": r"l j \d\e F \d\e Y"}


def _day_format() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return DAY_FORMATS.get(language, DAY_FORMAT)


def _format(value, format_string: str) -> str:
    """dateformat.format, remembered: a list page writes dozens of dates at about 20 us each
    (the format is parsed again and each day and month name translated again every time)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return _remembered_format(value, format_string, translation.get_language() or "")


@functools.lru_cache(maxsize=4096)
def _remembered_format(value, format_string: str, language: str) -> str:
    # The key is the wall-clock time in the hospital's zone (our formats name no zone), the format
    # and the active language, whose catalogue the day and month names come from.
    return dateformat.format(value, format_string)


@register.filter
def when(value) -> str:
    """A moment as 'Tue 1 Dec 2026, 14:05' in the hospital's time zone (a date alone as `day`)."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value)
    return _format(value, f"{_day_format()}, {TIME_FORMAT}")


@register.filter
def day(value) -> str:
    """A date as 'Tue 1 Dec 2026'."""
    if not value:
        return ""
    return _format(value, _day_format())


@register.filter
def clock(value) -> str:
    """A time of day as '14:05'."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return (
        dateformat.time_format(value, TIME_FORMAT)
        if isinstance(value, datetime.time)
        else (dateformat.format(value, TIME_FORMAT))
    )


@register.filter
def widget(field, extra_class: str = ""):
    """A bound field's widget with the design system's class, aria-describedby for hint and error,
    and aria-invalid when it has an error."""
    input_type = getattr(field.field.widget, "input_type", "")
    if input_type in ("radio", "checkbox"):
        css = "form-check-input"
    elif input_type == "select" or field.field.widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {"class": f"{css} {extra_class}".strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        attrs["class"] += " is-invalid"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_list(field) -> bool:
    """True for radio buttons and checkbox lists, which take a fieldset and legend."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def headings(columns) -> list:
    """A table's column headings: a list as it is, or one string with the headings separated by
    "|" (a template cannot write a list)."""
    if isinstance(columns, str):
        return [c.strip() for c in columns.split("|")]
    return list(columns or ())


@register.filter
def at(items, index: int):
    """items[index], for a table's column heading beside each cell."""
    try:
        return items[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""


# Cells the table's row loop reads no attribute of: a failed lookup on them (`cell.href`) costs
# the template engine three exceptions and a dir(), thousands of times on a report's long table.
PLAIN_CELLS = (str, int, float, datetime.date, type(None))


def _cell_attribute(cell, name: str):
    """`cell.<name>` as the template reads it: a key, an attribute or "" when neither."""
    if isinstance(cell, PLAIN_CELLS):
        return ""
    try:
        return template.Variable(f"cell.{name}").resolve({"cell": cell})
    except template.VariableDoesNotExist:
        return ""


def _shown(value, context) -> str:
    """`{{ value }}` as the template writes it (plain text escaped at once, the common case)."""
    if type(value) is str:
        return html.escape(value) if context.autoescape else value
    return render_value_in_context(value, context)


def _cell(cell, context) -> str:
    if type(cell) is str:
        return html.escape(cell) if context.autoescape else cell
    href = _cell_attribute(cell, "href")
    if href:
        text = _shown(_cell_attribute(cell, "text"), context)
        return f'<a href="{_shown(href, context)}">{text}</a>'
    text = _cell_attribute(cell, "text")
    return _shown(text if text else cell, context)


@register.simple_tag(takes_context=True)
def table_rows(context, rows, columns) -> str:
    """The body rows of components/table.html: in each row the first cell a <th scope="row">,
    the others a <td> labelled with its column's heading; a cell is text, or a dict with text
    and href. The markup the component's loop wrote cell by cell, written in one call (a
    report's table has 2,000 rows).
    """
    labels = [_shown(at(columns, index), context) for index in range(len(columns))]
    parts = []
    for row in rows:
        parts.append("<tr>")
        for index, cell in enumerate(row):
            if index == 0:
                parts.append(f'<th scope="row">{_cell(cell, context)}</th>')
            else:
                label = labels[index] if index < len(labels) else _shown("", context)
                parts.append(f'<td data-label="{label}">{_cell(cell, context)}</td>')
        parts.append("</tr>")
    return SafeString("".join(parts))


@register.simple_tag(takes_context=True)
def nav_current(context, url: str, exact: bool = False) -> str:
    """' aria-current="page"' on the navigation link of the section the person is in (with
    exact=True, only on the link of the very page: a section's own sub-navigation)."""
    request = context.get("request")
    if request is None:
        return ""
    return mark_safe(' aria-current="page"') if is_current(request.path, url, exact) else ""


def is_current(path: str, url: str, exact: bool = False) -> bool:
    """Is the page at `path` in the section of the link to `url`? (see nav_current)"""
    return path == url if url == "/" or exact else path == url or path.startswith(url)
