"""The sponsor reads the dashboard, changes the date range, downloads the CSV and the brief."""

import csv
import io
import shutil
import subprocess

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
    footer = page.locator(
        "#title-interventions ~ .row table tbody tr", has_text="Total"
    ).last.inner_text()
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
        page.get_by_role("button", name="Download these figures as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == ["measure", "period", "dimension", "value"]
    assert any(row[0] == "interventions" and "-Q" in row[1] for row in rows[1:])

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download brief (PDF)").click()
    brief = download_info.value
    assert brief.suggested_filename.endswith(".pdf")
    with open(brief.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.browser
def test_the_dashboard_prints_each_chart_above_its_table(demo_site, page, tmp_path):
    """Printed (print media, A4): no chart overlaps a table or the next measure; no table hidden."""
    sign_in(page, demo_site.url, "sponsor@demo.test")
    page.goto(f"{demo_site.url}/reports/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].every(c => Chart.getChart(c))"
    )
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1032})  # A4 less 12 mm margins, 96 dpi
    page.wait_for_timeout(200)
    measures = page.locator(".report-measure")
    assert measures.count() >= 8
    previous_bottom = 0.0
    for index in range(measures.count()):
        measure = measures.nth(index)
        chart = measure.locator(".report-chart").bounding_box()
        table = measure.locator("table, .ps-empty").first
        assert table.is_visible()
        table_box = table.bounding_box()
        section = measure.bounding_box()
        assert chart and table_box and section and table_box["height"] > 0
        heading = measure.locator("thead")
        if heading.count():  # printed as a table, its column headings shown (not stacked cards)
            assert heading.bounding_box()["height"] > 5
        assert not boxes_overlap(chart, table_box)
        assert chart["y"] + chart["height"] <= table_box["y"] + 1  # the table beneath its chart
        assert section["y"] >= previous_bottom - 1  # no measure runs into the next
        previous_bottom = section["y"] + section["height"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "Interventions by category" in text and "Adverse event" in text
