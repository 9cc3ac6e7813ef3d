"""The training journey: the manager schedules the initial course, a supporter enrols and gets an
.ics invitation, the facilitator marks attendance, the roster shows the new refresher date, the
supporter answers the survey and the Education Committee sees only the aggregate."""

import datetime

import icalendar
import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from core.notifications import deliver_pending
from core.templatetags.ui import day
from roster.models import SupporterProfile
from tests.browser.conftest import assert_accessible, sign_in
from training.models import TrainingSession

PLACE = "Education Centre, Room 12"


def switch_to(page, base, email):
    page.context.clear_cookies()
    sign_in(page, base, email)


@pytest.mark.browser
def test_from_scheduling_to_feedback_results(demo_site, page):
    base = demo_site.url
    starts = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=9, minute=0)

    # The program manager schedules a session of the initial course, facilitated by Education.
    sign_in(page, base, "manager@demo.test")
    page.goto(f"{base}/training/")
    assert_accessible(page, "training index")
    page.get_by_role("link", name="Schedule a session").click()
    assert_accessible(page, "schedule a session")
    page.get_by_label("Course").select_option(label="Initial peer supporter training")
    page.get_by_label("Starts at (local time)").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place (optional)", exact=True).fill(PLACE)
    page.get_by_label("Capacity (places)").fill("10")
    page.get_by_label("Eva Lindqvist").check()
    page.get_by_role("button", name="Schedule session").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Session scheduled.").count() == 1
    assert_accessible(page, "session page (manager)")
    session = TrainingSession.objects.get(place=PLACE)

    # The supporter enrols and is sent an invitation that parses.
    switch_to(page, base, "supporter@demo.test")
    page.goto(f"{base}/training/sessions/{session.pk}/")
    assert_accessible(page, "session page (supporter)")
    page.get_by_role("button", name="Enrol me").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("A calendar invitation is on its way.").count() == 1
    assert_accessible(page, "session page after enrolling")
    deliver_pending()
    confirmation = [m for m in mail.outbox if m.to == ["supporter@demo.test"]][-1]
    _, content, mimetype = confirmation.attachments[0]
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == PLACE

    # The session takes place.
    began = timezone.now() - datetime.timedelta(hours=1)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=began, ends_at=began + datetime.timedelta(hours=8)
    )

    # The facilitator marks attendance; the roster shows the new refresher date.
    switch_to(page, base, "education@demo.test")
    page.goto(f"{base}/training/sessions/{session.pk}/")
    assert_accessible(page, "session page (facilitator)")
    page.get_by_role("link", name="Mark attendance for this session").click()
    assert_accessible(page, "attendance form")
    page.get_by_label("Sam Okafor").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Attendance saved: 1 attended.").count() == 1
    profile = SupporterProfile.objects.get(user__email="supporter@demo.test")
    held_on = timezone.localdate(began)
    assert profile.trained_on == held_on
    assert profile.refresher_due_on == held_on + relativedelta(months=24)

    switch_to(page, base, "supporter@demo.test")
    page.goto(f"{base}/roster/me/")
    assert page.get_by_text(day(profile.refresher_due_on)).count() == 1
    assert_accessible(page, "my supporter profile")

    # The supporter answers the survey.
    page.goto(f"{base}/training/mine/")
    assert_accessible(page, "my training")
    page.get_by_role("link", name="Answer the survey for Initial peer supporter training").click()
    assert_accessible(page, "feedback survey")
    for group in ("content_rating", "facilitation_rating", "usefulness_rating"):
        page.locator(f"input[name={group}][value='4']").check()
    page.get_by_label("Anything else?").fill("Realistic role plays.")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("saved without your name").count() == 1

    # The Education Committee member sees the aggregate, with no name.
    switch_to(page, base, "education@demo.test")
    page.goto(f"{base}/training/results/")
    assert_accessible(page, "feedback results")
    page.goto(f"{base}/training/sessions/{session.pk}/results/")
    assert_accessible(page, "session feedback results")
    body = page.locator("main").inner_text()
    # One answer is fewer than five: no figure and no comment could point at the one who wrote it.
    assert "Fewer than 5 people have answered" in body
    assert "4.0" not in body and "Realistic role plays." not in body
    assert "Okafor" not in body and "supporter@demo.test" not in body

    # The calendar feed page.
    page.goto(f"{base}/training/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "calendar feed page")
    feed_url = page.get_by_label("Your calendar address").input_value()
    page.context.clear_cookies()
    response = page.request.get(feed_url)
    assert response.status == 200
    assert str(session.uid) in response.text()
