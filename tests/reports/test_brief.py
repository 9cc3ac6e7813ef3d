"""The PDF brief: two pages, the dashboard's own published figures, rendered by poppler."""

import csv
import datetime
import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEvent
from reports import brief
from tests.conftest import service_missing
from tests.reports.factories import InterventionFactory

BRIEF = reverse("reports:brief")
EXPORT = reverse("reports:export")
DASHBOARD = reverse("reports:dashboard")
NOW = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
IN_2025 = datetime.datetime(2025, 6, 10, 12, tzinfo=datetime.UTC)
IN_2024 = datetime.datetime(2024, 3, 10, 12, tzinfo=datetime.UTC)


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        service_missing(f"{tool} (poppler-utils) is not installed")
    return found


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        [poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode()


def pdf_pages(content: bytes, tmp_path: Path) -> list[bytes]:
    """Each page as an 8-bit grey PGM image (pdftoppm), in order."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    subprocess.run(
        [poppler("pdftoppm"), "-gray", "-r", "40", str(path), str(tmp_path / "page")], check=True
    )
    return [page.read_bytes() for page in sorted(tmp_path.glob("page*.pgm"))]


def dark_share(pgm: bytes) -> float:
    """The share of pixels that are not white in a binary PGM (P5, 8 bits)."""
    magic, size, depth, pixels = pgm.split(b"\n", 3)
    assert magic == b"P5" and depth == b"255"
    width, height = (int(x) for x in size.split())
    data = pixels[: width * height]
    return sum(value < 200 for value in data) / len(data)


@pytest.fixture
def year_of_data(people):
    InterventionFactory.create_batch(30, unit=people.icu, requested_at=IN_2025)
    InterventionFactory.create_batch(
        14, unit=people.icu, requested_at=IN_2025, minutes_to_first_contact=20
    )
    InterventionFactory.create_batch(3, unit=people.icu, requested_at=IN_2025, kind="outreach")
    InterventionFactory.create_batch(25, unit=people.ed, requested_at=IN_2025)
    InterventionFactory.create_batch(22, unit=people.icu, requested_at=IN_2024)
    return people


@time_machine.travel(NOW)
def test_the_brief_is_two_non_blank_pages_with_the_period_and_headline_figures(
    client, year_of_data, tmp_path
):
    client.force_login(year_of_data.sponsor)
    page = client.get(DASHBOARD)
    response = client.get(BRIEF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pages = pdf_pages(response.content, tmp_path)
    assert len(pages) == 2
    assert all(dark_share(pgm) > 0.01 for pgm in pages)
    text = pdf_text(response.content, tmp_path)
    assert "Jan 2025 to Dec 2025, by year" in text
    assert "Whole hospital" in text
    figures = dict(page.context["headline"])
    assert figures["Interventions"] == "72"
    for label, value in page.context["headline"]:
        assert label in text and value in text, (label, value)
    # The previous period (2024) is printed next to this one.
    assert "22" in text.split("Interventions", 2)[1]
    # Footnotes on suppression explain every marker.
    assert "<11: a count from 1 to 10" in text
    assert "—: hidden to protect a small number" in text
    assert "*: a median, percentile, share or mean not shown" in text
    assert AuditEvent.objects.filter(object_type="report", object_id="brief").exists()


def csv_figures(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@time_machine.travel(NOW)
@pytest.mark.parametrize("query", [{}, {"preset": "last_12_months"}, {"size": "quarter"}])
def test_the_brief_prints_exactly_the_published_figures_of_the_csv(
    client, year_of_data, monkeypatch, query
):
    """The brief reuses the dashboard's functions, so the disclosure audit (which reads every
    view through the CSV) covers everything the brief publishes: here every figure of its tables
    and its headline is a figure of the CSV of the same view or of the view just before it."""
    captured = []
    render = brief.render
    monkeypatch.setattr(brief, "render", lambda b: captured.append(b) or render(b))
    client.force_login(year_of_data.sponsor)

    assert client.get(BRIEF, query).status_code == 200
    published = csv_figures(client.get(EXPORT, query))
    (document,) = captured
    assert document.measures
    for measure in document.measures:
        grid, _ = brief.table_grid(measure)
        printed = Counter(value for row in grid[1:] for value in row[1:])
        exported = Counter(r["value"] for r in published if r["measure"] == measure.key)
        assert printed == exported, measure.key
        assert all(
            row[0] in {r["dimension"] for r in published} or measure.measure.snapshot
            for row in grid[1:]
        )
    # The headline is read off those same tables (reports.dashboard.headline), as on the page.
    page = client.get(DASHBOARD, query)
    assert [(label, now) for label, now, _ in document.headline] == page.context["headline"]


@time_machine.travel(NOW)
def test_a_local_lead_gets_the_brief_for_their_units_only(client, year_of_data, tmp_path):
    client.force_login(year_of_data.icu_lead)

    response = client.get(BRIEF)

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Your units: Intensive Care Unit." in text
    assert "Emergency Department" not in text
    assert len(pdf_pages(response.content, tmp_path)) == 2


@time_machine.travel(NOW)
def test_a_long_brief_still_fits_two_pages(client, people, tmp_path):
    """Three years by month: wide tables are shrunk onto their page, never spilled onto a third."""
    for month in range(1, 13):
        InterventionFactory.create_batch(
            12, unit=people.icu, requested_at=datetime.datetime(2025, month, 5, tzinfo=datetime.UTC)
        )
    client.force_login(people.sponsor)

    response = client.get(
        BRIEF,
        {"preset": "custom", "size": "month", "first_month": "2023-01", "last_month": "2025-12"},
    )

    assert response.status_code == 200
    assert len(pdf_pages(response.content, tmp_path)) == 2
    assert "Jan 2023 to Dec 2025, by month" in pdf_text(response.content, tmp_path)
