"""Every demo account signs in through /accounts/login/ and lands on a home naming its roles."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in

DEMO_HOMES = {
    "staff@demo.test": "Staff",
    "supporter@demo.test": "Peer Supporter",
    "icu-lead@demo.test": "Local Peer Support Lead",
    "ed-lead@demo.test": "Local Peer Support Lead",
    "central@demo.test": "Central Peer Support Lead",
    "manager@demo.test": "Program Manager",
    "chair@demo.test": "Chair / Co-Chair",
    "sponsor@demo.test": "Executive Sponsor",
    "education@demo.test": "Committee member",
}


@pytest.mark.browser
def test_login_page_is_accessible(demo_site, page):
    page.goto(f"{demo_site.url}/accounts/login/")
    assert page.locator("input[name=login]").count() == 1
    assert_accessible(page, "login")


@pytest.mark.browser
def test_each_demo_account_signs_in_and_sees_its_roles(demo_site, page):
    for email, role_label in DEMO_HOMES.items():
        page.context.clear_cookies()
        sign_in(page, demo_site.url, email)
        assert page.url.rstrip("/") == demo_site.url.rstrip("/"), f"{email} landed on {page.url}"
        roles_line = page.locator("p.lead").inner_text()
        assert role_label in roles_line, f"{email}: {roles_line}"
        assert_accessible(page, f"home of {email}")


@pytest.mark.browser
def test_a_wrong_password_is_refused_with_a_message(demo_site, page):
    sign_in(page, demo_site.url, "staff@demo.test", password="not-the-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("not correct", exact=False).count() >= 1
