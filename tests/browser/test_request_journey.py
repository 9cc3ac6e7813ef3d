"""The whole request journey in a browser, with axe-core on every page visited.

staff@ asks for support; central@ routes it to the ICU; icu-lead@ assigns supporter@; the
supporter accepts, logs the first contact and closes; the requester sees each state in plain
words and answers the survey.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site):
    """The demo site (audit rows it writes are cleared for the flush by tests/conftest.py)."""
    return demo_site


def as_person(page, site, email):
    page.context.clear_cookies()
    sign_in(page, site.url, email)


def state_on_mine(page, site, request_url):
    page.goto(f"{site.url}/requests/mine/")
    row = page.locator("li.ps-request", has=page.locator(f"a[href='{request_url}']"))
    return row.locator(".request-state").inner_text()


def test_a_request_goes_from_the_form_to_the_survey(site, page):
    # 1. The staff member asks for support.
    as_person(page, site, "staff@demo.test")
    page.goto(f"{site.url}/requests/new/")
    assert page.get_by_text("This is not an emergency service").first.is_visible()
    assert_accessible(page, "request form")
    page.select_option("#id_category", label="Adverse event")
    page.select_option("#id_unit", label="Intensive Care Unit")
    page.check("input[name=urgency][value=today]")
    page.select_option("#id_contact_method", label="Phone call")
    page.fill("#id_contact_detail", "555-0142")
    page.click("summary:has-text('More preferences')")
    page.fill("#id_details", "A hard night after a code on the unit.")
    page.click("button:has-text('Send my request')")
    assert page.get_by_text("What happens next").is_visible()
    assert page.get_by_text("30 minutes").is_visible()
    assert_accessible(page, "confirmation")
    page.goto(f"{site.url}/requests/mine/")
    request_url = page.locator("li.ps-request h2 a").first.get_attribute("href")
    assert state_on_mine(page, site, request_url) == "Submitted"
    assert_accessible(page, "my requests")

    # 2. The central lead routes it to the ICU.
    as_person(page, site, "central@demo.test")
    page.goto(f"{site.url}/requests/triage/")
    assert_accessible(page, "triage queue")
    page.goto(site.url + request_url)
    assert page.get_by_text("A hard night after a code").is_visible()
    assert_accessible(page, "request as central lead")
    page.select_option("#route_unit", label="Intensive Care Unit")
    page.click("button:has-text('Route')")
    assert page.locator("#request-state").inner_text() == "Routed to unit"

    # 3. The ICU lead assigns the ICU supporter.
    as_person(page, site, "icu-lead@demo.test")
    page.goto(f"{site.url}/requests/unit/")
    assert_accessible(page, "unit queue")
    page.goto(site.url + request_url)
    assert_accessible(page, "request as local lead")
    # Someone other than the suggestions: found by name with htmx, picked as a radio button.
    page.fill("#supporter-search", "Okafor")
    match = page.locator("#supporter-matches").get_by_label("Sam Okafor", exact=False)
    match.check()
    assert_accessible(page, "request as local lead, with search results")
    page.click("button:has-text('Assign')")
    assert page.locator("#request-state").inner_text() == "Assigned"

    # 4. The supporter accepts, logs the first contact and closes.
    as_person(page, site, "supporter@demo.test")
    page.goto(f"{site.url}/requests/assigned/")
    assert_accessible(page, "my assignments")
    page.goto(site.url + request_url)
    assert_accessible(page, "request as supporter")
    page.click("button:has-text('Accept')")
    assert page.locator("#request-state").inner_text() == "Accepted"
    # The next step is on top: tap to call, then one tap with the date and time already filled in.
    call = page.locator(".ps-next-step a[href='tel:555-0142']")
    assert call.inner_text() == "Call 555-0142"
    now = datetime.datetime.now(ZoneInfo(settings.TIME_ZONE))
    assert page.input_value("#contact_on") == now.strftime("%Y-%m-%d")
    assert_accessible(page, "log first contact")
    page.click("button:has-text('Contacted just now')")
    assert page.locator("#request-state").inner_text() == "Contacted"
    page.fill("#close_contacts", "1")
    page.select_option("#close_duration_band", label="15 to 45 minutes")
    page.select_option("#close_referral", label="No referral")
    page.check("#close_follow_up_planned")
    assert_accessible(page, "closing report")
    page.click("button:has-text('Close the request')")
    assert page.locator("#request-state").inner_text() == "Closed"

    # 5. The requester sees it closed and answers the survey.
    as_person(page, site, "staff@demo.test")
    assert state_on_mine(page, site, request_url) == "Closed"
    page.click("a:has-text('Tell us how it went')")
    assert_accessible(page, "survey")
    page.check("input[name=rating][value='5']")
    page.check("input[name=would_recommend][value=yes]")
    page.click("button:has-text('Send my answer')")
    assert page.get_by_text("stored without your name").is_visible()
    assert_accessible(page, "my requests after the survey")


def test_an_emergency_shows_crisis_resources_at_once(site, page):
    as_person(page, site, "staff@demo.test")
    page.goto(f"{site.url}/requests/new/")
    page.check("input[name=need][value=crisis]")
    # The form gives way to call and text buttons for the crisis line, with no "send" button.
    crisis = page.locator(".ps-when-crisis")
    assert crisis.is_visible() and "988" in crisis.inner_text()
    assert crisis.locator("a[href='tel:988']").is_visible()
    assert crisis.locator("a[href='sms:988']").is_visible()
    assert not page.locator("button:has-text('Send my request')").is_visible()
    assert not page.locator("#id_category").is_visible()
    assert_accessible(page, "crisis resources")
