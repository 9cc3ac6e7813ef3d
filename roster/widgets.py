"""Choice fields for long lists (2,000 units, thousands of supporters), drawn in Python.

Django's Select builds an option dict per choice and renders each through a template include, and
ModelChoiceField builds a model instance per row: at 2,000 units that is ~100-300 ms per page
(the benchmark). FastSelect writes the same markup directly (keeping the widget's id, class,
required and aria-* attributes and the selected option); UnitChoiceField reads (pk, name) pairs
instead of Unit instances. Validation is unchanged: ModelChoiceField still looks the pk up in its
queryset.
"""

from functools import lru_cache
from html import escape  # Django's escape is the same call behind a lazy-string wrapper

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        options = _options(tuple(_hashable(choice) for choice in self.choices))
        for selected in {str(v) for v in widget["value"] if v not in (None, "")}:
            option = f'<option value="{escape(selected)}"'
            options = options.replace(f"{option}>", f"{option} selected>")
        return mark_safe(  # noqa: S308 - every value and label is escaped
            f'<select name="{escape(str(name))}"{flatatt(widget["attrs"])}>{options}</select>'
        )


def _hashable(choice: tuple) -> tuple:
    value, label = choice
    if isinstance(label, list | tuple):  # an optgroup
        return (value, tuple(_hashable(sub) for sub in label))
    return (value, label if type(label) is str else str(label))  # a lazy label in this language


@lru_cache(maxsize=32)
def _options(choices: tuple) -> str:
    """The options, none selected. A long list is the same on page after page (the 2,000 units,
    until one is added or renamed): its markup is built once, and each page reads the list and
    marks its selected option."""
    parts = []
    for option_value, label in choices:
        if isinstance(label, tuple):
            parts.append(f'<optgroup label="{escape(str(option_value))}">')
            parts.extend(_option(v, sub) for v, sub in label)
            parts.append("</optgroup>")
        else:
            parts.append(_option(option_value, label))
    return "".join(parts)


def _option(value, label) -> str:
    value = "" if value is None else str(value)
    return f'<option value="{escape(value)}">{escape(str(label))}</option>'


class NameChoiceIterator(ModelChoiceIterator):
    """(pk, name) straight from the database: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")  # one fetch, no server-side cursor

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker for thousands of units (labels are the unit's name, as Unit.__str__)."""

    iterator = NameChoiceIterator
    widget = FastSelect
