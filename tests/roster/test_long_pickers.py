"""Unit pickers and the coverage table at health-system scale: 2,000 units."""

import re

from django import forms
from django.urls import reverse

from roster.models import Unit
from roster.views import PAGE_SIZE
from roster.widgets import FastSelect, UnitChoiceField
from tests.factories import SupporterProfileFactory, UnitFactory

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def options(html: str) -> list[tuple[str, bool, str]]:
    return [(value, bool(selected), label) for value, selected, label in OPTION.findall(html)]


def test_fast_select_draws_the_same_options_and_attributes_as_djangos_select():
    choices = [("", "Any"), ("1", "Ward <A> & B"), ("2", 'The "quiet" room')]
    attrs = {"id": "id_unit", "class": "form-select", "aria-describedby": "help"}
    fast = FastSelect(choices=choices).render("unit", "2", attrs)
    plain = forms.Select(choices=choices).render("unit", "2", attrs)
    assert options(fast) == [
        ("", False, "Any"),
        ("1", False, "Ward &lt;A&gt; &amp; B"),
        ("2", True, "The &quot;quiet&quot; room"),
    ]
    assert options(fast) == options(re.sub(r'\s*selected(="")?', " selected", plain))
    assert fast.startswith('<select name="unit" ')
    for attribute in ('id="id_unit"', 'class="form-select"', 'aria-describedby="help"'):
        assert attribute in fast


def test_the_unit_picker_lists_names_from_the_database_and_still_validates_the_choice(db):
    ward = UnitFactory(name="Ward 7")
    other = UnitFactory(name="Ward 8")
    field = UnitChoiceField(queryset=Unit.objects.filter(pk=ward.pk), empty_label="Any")
    assert list(field.choices) == [("", "Any"), (ward.pk, "Ward 7")]
    assert len(field.choices) == 2
    assert field.clean(str(ward.pk)) == ward
    try:
        field.clean(str(other.pk))
    except forms.ValidationError:
        pass
    else:
        raise AssertionError("a unit outside the queryset was accepted")


def coverage_queries(client, django_assert_max_num_queries) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("roster:coverage"))
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_the_coverage_table_is_paginated_and_its_query_count_does_not_grow(
    client, people, django_assert_max_num_queries
):
    client.force_login(people.manager)
    for _ in range(PAGE_SIZE + 5):
        UnitFactory()
    small, rows = coverage_queries(client, django_assert_max_num_queries)
    assert rows == PAGE_SIZE
    for _ in range(4 * PAGE_SIZE):
        SupporterProfileFactory(home_unit=UnitFactory())
    large, rows = coverage_queries(client, django_assert_max_num_queries)
    assert rows == PAGE_SIZE
    assert large == small
    response = client.get(reverse("roster:coverage"))
    uncovered = response.context["uncovered_count"]
    assert uncovered >= PAGE_SIZE + 5
    assert f"{uncovered} units without a ready supporter" in response.content.decode()
