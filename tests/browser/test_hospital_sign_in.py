"""The whole hospital sign-in in Chromium: our page, the provider's page, and back, then sign-out."""

import pytest

from identity.models import Employment
from tests import factories
from tests.browser.conftest import assert_accessible

# The provider of tests/sso, started for this module (a process of its own on a free port).
from tests.sso.conftest import oidc_provider as oidc_provider  # noqa: F401


@pytest.mark.browser
def test_a_nurse_signs_in_with_the_hospital_account_and_signs_out(
    live_server, settings, oidc_provider, page, transactional_db
):
    oidc_provider.configure(settings)
    icu = factories.UnitFactory(code="icu", name="Intensive Care Unit")
    oidc_provider.set_person(
        "browser.nurse@hospital.test",
        "provider-pass-2026",
        given_name="Bea",
        family_name="Nurse",
        department="icu",
        job_role="nurse",
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Hospital sign-in").click()
    assert_accessible(page, "the hospital sign-in confirmation")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{oidc_provider.base_url}/login/**")
    page.fill("#id_username", "browser.nurse@hospital.test")
    page.fill("#id_password", "provider-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    assert "Bea Nurse" in page.content()
    assert Employment.objects.get(user__email="browser.nurse@hospital.test").unit == icu
    assert_accessible(page, "home after hospital sign-in")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/requests/mine/")
    assert "/accounts/login/" in page.url
