"""The sponsor reads the dashboard, changes the date range and downloads the CSV."""

import csv
import io

import pytest

from roster.models import Unit
from tests.browser.conftest import assert_accessible, sign_in
from tests.reports.factories import InterventionFactory, months_ago


@pytest.mark.browser
def test_sponsor_reads_the_dashboard_changes_the_range_and_downloads_the_csv(demo_site, page):
    icu = Unit.objects.get(code="icu")
    for months in (1, 2, 3, 4):
        InterventionFactory.create_batch(15, unit=icu, requested_at=months_ago(months))
    sign_in(page, demo_site.url, "sponsor@demo.test")

    page.goto(f"{demo_site.url}/reports/")
    assert page.locator("h1").inner_text() == "Program dashboard"
    assert page.locator("canvas[role=img]").count() >= 8
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))"
    )
    assert page.locator("table caption").first.inner_text().startswith("Interventions")
    for measure in ("trainings_held", "training_attendance", "training_feedback"):
        assert page.locator(f"#title-{measure}").count() == 1
    assert page.locator("#title-community_meeting_attendance").count() == 1
    # The demo's two years of history plus the 60 made here: the footer totals what is shown.
    footer = page.locator("#title-interventions ~ .row table tfoot").inner_text()
    assert footer.startswith("Total") and footer.split()[-1].isdigit()
    assert_accessible(page, "reports dashboard")

    page.select_option("#id_preset", "last_quarter")
    page.select_option("#id_size", "quarter")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state("networkidle")
    assert "preset=last_quarter" in page.url
    assert page.locator("table thead th", has_text="Q").count() >= 1
    assert_accessible(page, "reports dashboard by quarter")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == ["measure", "period", "dimension", "value"]
    assert any(row[0] == "interventions" and "-Q" in row[1] for row in rows[1:])
