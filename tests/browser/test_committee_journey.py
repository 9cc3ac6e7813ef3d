"""The committee journey: the manager schedules a monthly Education Committee meeting, a member
finds it and takes its .ics invitation, and the executive sponsor cannot open its minutes."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.browser.conftest import assert_accessible, sign_in


def second_tuesday_next_month() -> datetime.date:
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_tuesday = first + datetime.timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + datetime.timedelta(days=7)


@pytest.mark.browser
def test_monthly_education_meeting_from_scheduling_to_invitation(demo_site, page):
    base = demo_site.url
    day = second_tuesday_next_month()

    sign_in(page, base, "manager@demo.test")
    page.goto(f"{base}/committees/")
    assert_accessible(page, "committees index (manager)")
    page.get_by_role("link", name="Education Committee").click()
    assert_accessible(page, "Education Committee page")
    page.get_by_role("button", name="Schedule a meeting").click()
    assert_accessible(page, "new meeting form")
    page.get_by_label("Title").fill("Education Committee monthly meeting")
    page.get_by_label("Date (the first one, if it repeats)").fill(day.isoformat())
    page.get_by_label("Start time").fill("15:00")
    page.locator("#id_repeats").select_option("monthly_weekday")
    page.get_by_label("Place").fill("Education Center, room 4")
    page.get_by_label("Agenda (Markdown)").fill("1. Refresher course on boundaries")
    page.get_by_role("button", name="Schedule meeting").click()
    page.wait_for_load_state("networkidle")
    assert "Every month on the second Tuesday" in page.content()
    meeting_url = page.url
    assert re.search(r"/committees/meetings/\d+/$", meeting_url)
    assert_accessible(page, "meeting page (manager)")

    page.context.clear_cookies()
    sign_in(page, base, "education@demo.test")
    page.goto(f"{base}/committees/education/")
    assert_accessible(page, "Education Committee page (member)")
    page.get_by_role("link", name="Education Committee monthly meeting").click()
    assert page.url == meeting_url
    assert "Refresher course on boundaries" in page.content()
    assert_accessible(page, "meeting page (member)")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics invitation)").click()
    with open(download_info.value.path(), "rb") as ics:
        calendar = Calendar.from_ical(ics.read())
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert event.decoded("DTSTART").date() == day
    page.get_by_role("button", name="Agendas and minutes of each occurrence").click()
    assert_accessible(page, "minutes (member)")

    page.context.clear_cookies()
    sign_in(page, base, "sponsor@demo.test")
    response = page.goto(meeting_url + "minutes/")
    assert response.status in (403, 404)
    assert "Decided" not in page.content()
    assert_accessible(page, "minutes refused (sponsor)")


@pytest.mark.browser
def test_governance_pages_are_accessible(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "chair@demo.test")
    for path in (
        "/committees/leadership/",
        "/committees/plan/",
        "/committees/plan/late/",
        "/committees/policies/",
        "/committees/policies/confidentiality-agreement/",
        "/committees/policies/confidentiality-agreement/missing/",
        "/committees/community/",
    ):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page, path)
    page.context.clear_cookies()
    sign_in(page, base, "supporter@demo.test")
    page.goto(base + "/committees/policies/")
    assert "to acknowledge" in page.content()
    assert_accessible(page, "policies (supporter)")
