"""`make screenshots`: each role's home and main page at 390 px and 1366 px, saved under
var/screenshots/ for a person to look at. Not part of the suite (the file name is not test_*)."""

from pathlib import Path

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "var" / "screenshots"
MAIN_PAGE = {
    "staff": "/requests/new/",
    "supporter": "/requests/assigned/",
    "icu-lead": "/requests/unit/",
    "central": "/requests/triage/",
    "manager": "/roster/",
    "chair": "/committees/plan/",
    "sponsor": "/reports/",
}


@pytest.mark.parametrize("role", sorted(MAIN_PAGE))
def test_screenshots(demo_site, browser, role):
    OUT.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, demo_site.url, f"{role}@demo.test")
        for name, path in (("home", "/"), ("main", MAIN_PAGE[role])):
            page.goto(demo_site.url + path)
            page.screenshot(path=str(OUT / f"{role}-{name}-{width}.png"), full_page=True)
        if role == "supporter":  # the supporter's request page, where the next step is on top
            page.goto(demo_site.url + MAIN_PAGE[role])
            page.locator("main tbody a").first.click()
            page.screenshot(path=str(OUT / f"{role}-request-{width}.png"), full_page=True)
        context.close()
