"""A hospital's long unit tables in a browser: folded by department, opened from the keyboard,
and no serious or critical axe-core violation either way."""

import datetime

from django.utils import timezone

from reports.dashboard import GROUP_UNITS_OVER
from roster.models import Unit, UnitKind
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import UnitFactory
from tests.reports.factories import InterventionFactory


def test_a_long_unit_table_is_folded_by_department_and_opens_from_the_keyboard(demo_site, browser):
    departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT)[:3])
    last_year = timezone.localdate().year - 1
    day = datetime.datetime(last_year, 6, 10, 12, tzinfo=datetime.UTC)
    for index in range(GROUP_UNITS_OVER + 5):
        unit = UnitFactory(parent=departments[index % len(departments)])
        InterventionFactory.create_batch(index % 3 * 7, unit=unit, requested_at=day)
    query = (
        f"?preset=custom&size=year&first_month={last_year}-01&last_month={last_year}-12&level=unit"
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, demo_site.url, "sponsor@demo.test")
    page.goto(f"{demo_site.url}/reports/{query}", wait_until="load")

    groups = page.locator("details.report-group")
    assert groups.count() >= 2 * len(departments)  # units by intervention, and their coverage
    first = groups.first
    assert first.get_attribute("open") is None
    assert not first.locator("table").is_visible()
    assert_accessible(page, "dashboard, unit tables folded")

    first.locator("summary").focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("open") is not None
    table = first.locator("table")
    assert table.is_visible()
    assert table.locator("caption").inner_text().startswith("Interventions by unit")
    assert table.locator('th[scope="row"]').count() >= 1
    page.keyboard.press("Tab")  # into the table's scrollable region, then out
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    assert_accessible(page, "dashboard, a department open")
    context.close()
