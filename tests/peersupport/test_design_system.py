"""The design system: its page shows every component, dates read one way, the navigation marks
the current page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse

from core.templatetags.ui import clock, day, when

COMPONENTS = [
    "action",
    "form",
    "button",
    "link_button",
    "field",
    "error_summary",
    "summary_list",
    "tag",
    "table",
    "banner",
    "confirm",
    "empty",
    "pagination",
]


@pytest.mark.django_db
def test_the_design_page_shows_every_component(client, people, django_assert_max_num_queries):
    client.force_login(people.staff)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("design")).content.decode()
    for marker in [
        "btn-primary",
        "btn-secondary",
        "btn-danger",
        'role="button"',
        "ps-hint",
        "ps-error-summary",
        "ps-error-message",
        "ps-summary-list",
        "ps-tag--red",
        "ps-table-cards",
        'data-label="Urgency"',
        "ps-banner",
        "ps-confirm",
        "ps-empty",
        "ps-pagination",
        'class="ps-action"',
        "Send my answers",
        'aria-invalid="true"',
    ]:
        assert marker in html, marker


def test_every_component_has_its_partial():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "templates" / "components"
    assert sorted(p.stem for p in folder.glob("*.html")) == sorted(COMPONENTS)


def test_one_date_and_time_format(settings):
    settings.TIME_ZONE = "America/New_York"
    moment = datetime.datetime(2026, 12, 1, 19, 5, tzinfo=datetime.UTC)
    assert when(moment) == "Tue 1 Dec 2026, 14:05"
    assert day(moment) == "Tue 1 Dec 2026"
    assert clock(moment) == "14:05"
    assert when(datetime.date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert when(None) == ""
    assert when(moment.astimezone(ZoneInfo("Asia/Tokyo"))) == "Tue 1 Dec 2026, 14:05"


def test_no_template_formats_a_date_its_own_way():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(p.relative_to(root))
        for p in root.glob("**/templates/**/*.html")
        # bench's bare page is the baseline a product page is timed against: no filters on purpose
        if ".venv" not in p.parts
        and "bench" not in p.parts
        and ('|date:"' in p.read_text() or '|time:"' in p.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_navigation_marks_the_current_page(client, people):
    client.force_login(people.central)
    html = client.get(reverse("support_requests:triage")).content.decode()
    assert f'href="{reverse("support_requests:triage")}" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_a_field_renders_label_hint_and_error_in_order():
    from django import forms

    class F(forms.Form):
        name = forms.CharField(label="Name", help_text="As on your badge.")

    html = Template('{% include "components/field.html" with field=form.name %}').render(
        Context({"form": F(data={})})
    )
    assert (
        html.index("<label")
        < html.index("ps-hint")
        < html.index("ps-error-message")
        < html.index("<input")
    )
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_radio_buttons_are_a_fieldset_with_a_legend():
    from django import forms

    class F(forms.Form):
        pick = forms.ChoiceField(
            label="Pick", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
        )

    html = Template('{% include "components/field.html" with field=form.pick %}').render(
        Context({"form": F()})
    )
    assert "<legend" in html and html.count('class="form-check-input" type="radio"') == 2


def test_a_whole_form_marks_optional_fields_except_in_a_filter():
    from django import forms

    class F(forms.Form):
        name = forms.CharField(label="Name", required=False)

    def render(method):
        return Template(
            '{% include "components/form.html" with form=form button="Go" method=method %}'
        ).render(Context({"form": F(), "method": method, "csrf_token": "tok"}))

    posted, filtered = render("post"), render("get")
    assert "Name (optional)" in posted and "csrfmiddlewaretoken" in posted
    assert "(optional)" not in filtered and "csrfmiddlewaretoken" not in filtered
    assert 'method="get"' in filtered and "novalidate" in filtered


def test_a_table_takes_a_row_partial_and_says_when_it_is_empty():
    html = Template(
        '{% include "components/table.html" with caption="Jobs" columns="Job|Status" '
        'rows=rows row_template="operations/_job_row.html" empty="No jobs." %}'
    )
    job = {"name": "Outbox", "failing": True}
    full = html.render(Context({"rows": [job]}))
    assert "<caption>Jobs</caption>" in full and '<th scope="col">Status</th>' in full
    assert '<th scope="row">Outbox</th>' in full and "ps-tag--red" in full
    empty = html.render(Context({"rows": []}))
    assert "<table" not in empty and "No jobs." in empty and "ps-empty" in empty


# The table component's cell loop as it was written in the template, kept as the oracle of
# `table_rows` (the same markup, written in one call instead of one lookup chain per cell).
TEMPLATE_CELLS = (
    '{% for row in rows %}<tr>{% for cell in row %}{% if forloop.first %}<th scope="row">'
    '{% else %}<td data-label="{{ cols|at:forloop.counter0 }}">{% endif %}{% if cell.href %}'
    '<a href="{{ cell.href }}">{{ cell.text }}</a>{% elif cell.text %}{{ cell.text }}{% else %}'
    "{{ cell }}{% endif %}{% if forloop.first %}</th>{% else %}</td>{% endif %}{% endfor %}</tr>"
    "{% endfor %}"
)


class Labelled:
    """An object with a text attribute, as a page may hand one to the table."""

    text = "<b>labelled</b>"

    def __str__(self) -> str:
        return "object"


def test_a_tables_cells_are_the_markup_the_template_loop_wrote(settings):
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    settings.USE_THOUSAND_SEPARATOR = True
    rows = [
        ["Ward <1>", "12", 1234, None, 0, "", "<11", "—"],
        [{"text": "Ward 2", "href": "/units/2/?a=1&b=2"}, {"text": "x"}, {"href": "/y"}, {}],
        [{"text": "", "href": ""}, {"text": None}, mark_safe("<em>safe</em>"), 2.5],
        [gettext_lazy("Total"), datetime.date(2026, 1, 5), Labelled(), True, ["a", "b"]],
        [],
        ["only a heading"],
    ]
    columns = ["Place", "Jan & Feb", "<Mar>", "", "Total"]
    context = Context({"rows": rows, "cols": columns})
    expected = Template(TEMPLATE_CELLS).render(context)
    written = Template("{% table_rows rows cols %}").render(context)
    assert written == expected
    assert '<a href="/units/2/?a=1&amp;b=2">Ward 2</a>' in written
    assert "Ward &lt;1&gt;" in written and "<em>safe</em>" in written
