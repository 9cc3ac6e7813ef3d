"""The roster's pages as the program manager and a supporter use them, each scanned by axe-core."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.browser
def test_the_program_manager_walks_directory_coverage_rota_and_import(demo_site, page, tmp_path):
    url = demo_site.url
    sign_in(page, url, "manager@demo.test")
    page.goto(f"{url}/roster/")
    assert_accessible(page, "directory")
    page.locator("summary", has_text="Filter").click()  # the filters are folded away at first
    page.get_by_label("Status").select_option(label="Paused")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    assert "status=paused" in page.url
    assert page.locator("tbody tr").count() >= 1
    page.locator("tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Status history").count() == 1
    assert_accessible(page, "supporter")

    page.goto(f"{url}/roster/coverage/")
    assert "Oncology Ward" in page.locator("#uncovered-units").inner_text()
    assert_accessible(page, "coverage")

    page.goto(f"{url}/roster/on-call/")
    assert page.locator("#on-call-now li").count() >= 1
    assert page.get_by_text("Gap", exact=True).count() == 1
    assert_accessible(page, "on-call rota")

    bad = tmp_path / "roster.csv"
    bad.write_text("email,role_type,unit\nnew@demo.test,nurse,icu\nbad-email,nurse,nowhere\n")
    page.goto(f"{url}/roster/import/")
    page.get_by_label("Roster file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_load_state("networkidle")
    assert "unknown unit" in page.locator("#import-errors").inner_text()
    assert page.get_by_role("button", name="Import all", exact=False).count() == 0
    assert_accessible(page, "import preview with errors")


@pytest.mark.browser
def test_a_supporter_sets_availability_and_takes_an_on_call_shift(demo_site, page):
    url = demo_site.url
    sign_in(page, url, "supporter@demo.test")
    page.goto(f"{url}/roster/me/")
    assert_accessible(page, "my profile")
    page.get_by_role("button", name="Set me as not available").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Set me as available").count() == 1
    page.get_by_label("Starts").fill("2030-01-01T08:00")
    page.get_by_label("Ends").fill("2030-01-01T20:00")
    page.get_by_role("button", name="Sign up for this shift").click()
    page.wait_for_load_state("networkidle")
    # Too far ahead: refused with a message, nothing written.
    assert page.get_by_text("days ahead", exact=False).count() == 1
    assert_accessible(page, "my profile after a refused sign-up")

    day = timezone.localdate() + datetime.timedelta(days=2)
    page.get_by_label("Starts").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T12:00")
    page.get_by_role("button", name="Sign up for this shift").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("You are on the on-call rota", exact=False).count() == 1
    assert page.get_by_role("button", name="Cancel the shift", exact=False).count() >= 1
