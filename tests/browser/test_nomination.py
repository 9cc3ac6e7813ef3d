"""A local lead nominates two staff members: one accepts and signs, the other declines."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in


def nominate(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/roster/nominations/new/")
    assert_accessible(page, "nominate")
    page.get_by_label("Staff member's work email").fill(email)
    page.get_by_label("Home unit").select_option(label="Intensive Care Unit")
    page.get_by_label("Job role type").select_option(label="Nurse")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/roster/nominations/")


def open_invitation(page, base_url: str, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/roster/me/")
    assert_accessible(page, f"my profile of {email}")
    page.get_by_role("link", name="Answer the invitation", exact=False).click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, f"invitation of {email}")


@pytest.mark.browser
def test_a_nominee_accepts_and_joins_the_icu_and_another_declines_quietly(demo_site, page):
    url = demo_site.url
    sign_in(page, url, "icu-lead@demo.test")
    nominate(page, url, "staff@demo.test")
    nominate(page, url, "education@demo.test")
    assert_accessible(page, "nominations")

    open_invitation(page, url, "staff@demo.test")
    page.get_by_label("I have read the confidentiality agreement", exact=False).check()
    page.get_by_role("button", name="Accept and join").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#my-status").inner_text() == "Active"
    assert_accessible(page, "my profile as a new supporter")

    open_invitation(page, url, "education@demo.test")
    page.get_by_role("button", name="Decline the invitation").click()
    assert page.get_by_text("A declined invitation is final").count() == 1  # said before it is
    page.get_by_role("button", name="Yes, decline the invitation").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Answer the invitation", exact=False).count() == 0

    page.context.clear_cookies()
    sign_in(page, url, "icu-lead@demo.test")
    page.goto(f"{url}/roster/?search=Rivera")
    assert_accessible(page, "directory")
    row = page.locator("tbody tr", has_text="Dana Rivera")
    assert "Intensive Care Unit" in row.inner_text()
    assert "Active" in row.inner_text()

    page.goto(f"{url}/roster/nominations/")
    declined = page.locator("tbody tr", has_text="Eva Lindqvist")
    assert declined.locator(".nomination-state").inner_text() == "Declined"
    accepted = page.locator("tbody tr", has_text="Dana Rivera")
    assert accepted.locator(".nomination-state").inner_text() == "Accepted"
