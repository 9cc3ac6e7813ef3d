"""Governance in the browser, as the chair does it: the minutes of one occurrence of the Advisory
Committee's monthly meeting go from draft to published (a member reads them, the open action of
the previous occurrence is carried forward), and a new version of the confidentiality agreement
asks the supporters to acknowledge it again (a supporter does, which is also the roster's
signature); the program manager names a supporter's supervisor, whose home page flags the
overdue check-in. One seeded demo for the module; the clicks of each journey are counted."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, sign_in


class Clicks:
    """Counts the clicks a person makes (links and buttons), the measure of a journey's cost."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, locator):
        locator.click()
        self.page.wait_for_load_state("networkidle")
        self.count += 1


@pytest.mark.browser
def test_governance_journeys(demo_site, page):
    base = demo_site.url
    occurrence_minutes_are_drafted_then_published(base, page)
    page.context.clear_cookies()
    a_new_policy_version_is_acknowledged_again(base, page)
    page.context.clear_cookies()
    a_supervisor_is_named_and_an_overdue_check_in_is_flagged(base, page)


def occurrence_minutes_are_drafted_then_published(base, page):
    from committees import occurrences
    from committees.models import Meeting, MeetingRecord
    from core.models import AuditEvent, Notification

    meeting = Meeting.objects.get(title="Advisory Committee monthly meeting")
    first = occurrences.local_start(meeting)
    second = occurrences.next_occurrences(meeting, first + datetime.timedelta(minutes=1), 1)[0]
    day = second.date().isoformat()

    sign_in(page, base, "chair@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/committees/")
    click(page.get_by_role("link", name="Advisory Committee"))
    click(page.get_by_role("link", name="Advisory Committee monthly meeting"))
    click(page.get_by_role("button", name="Agendas and minutes of each occurrence"))
    assert_accessible(page, "occurrences of a meeting (chair)")
    click(page.locator(f'a[href$="/on/{day}/"]'))
    assert "Draft the rota for the holidays" in page.content()  # to be carried forward
    click(page.get_by_role("button", name="Write the agenda and minutes"))
    assert_accessible(page, "occurrence form (chair)")
    page.get_by_label("Minutes (Markdown)").fill("Agreed the **holiday rota**.")
    click(page.get_by_role("button", name="Save agenda and minutes"))
    assert "carried forward" in page.content()
    assert "Draft" in page.content()
    click(page.get_by_role("button", name="Publish the minutes to the members"))
    assert_accessible(page, "occurrence page (chair)")
    minutes_clicks = click.count

    record = MeetingRecord.objects.get(meeting=meeting, occurs_on=second.date())
    assert record.minutes_published_at is not None and record.agenda_published_at is None
    assert record.actions.get().carried_from is not None
    told = Notification.objects.filter(
        kind="meeting.minutes_published", subject_id=str(meeting.pk), occurrence=day
    )
    assert set(told.values_list("recipient__email", flat=True)) >= {
        "manager@demo.test",
        "central@demo.test",
        "ed-lead@demo.test",
    }
    details = set(
        AuditEvent.objects.filter(object_type="meeting", object_id=str(meeting.pk)).values_list(
            "detail", flat=True
        )
    )
    assert {
        f"occurrence {day} opened, 1 actions carried forward",
        f"{day} minutes saved, was 0 chars",
        f"occurrence {day}: minutes published",
    } <= details

    page.context.clear_cookies()
    sign_in(page, base, "icu-lead@demo.test")  # a member of the Advisory Committee
    page.goto(f"{base}/committees/meetings/{meeting.pk}/on/{day}/")
    assert "holiday rota" in page.content()
    assert "The agenda has not been published yet." in page.content()
    assert_accessible(page, "occurrence page (member)")
    for path in (f"/on/{day}/", "/minutes/"):
        assert fits_320px(page, f"{base}/committees/meetings/{meeting.pk}{path}"), path
    assert minutes_clicks == 7, minutes_clicks


def fits_320px(page, url) -> bool:
    """The page reflows at 320 px: nothing makes it scroll sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(url)
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size(size)
    return extra <= 0


def a_new_policy_version_is_acknowledged_again(base, page):
    from committees.models import PolicyAcknowledgement, PolicyVersion
    from core.models import AuditEvent, Notification
    from roster.models import SupporterProfile

    sign_in(page, base, "chair@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/committees/policies/")
    click(
        page.get_by_role("table").get_by_role("link", name="Confidentiality agreement", exact=True)
    )
    click(page.get_by_role("button", name="Publish a new version"))
    assert_accessible(page, "new policy version (chair)")
    page.get_by_label("Text of the new version (Markdown)").fill(
        "Version two: **never** share what a colleague tells you."
    )
    click(page.get_by_role("button", name="Publish new version"))
    chair_clicks = click.count
    version = PolicyVersion.objects.filter(policy__slug="confidentiality-agreement").latest(
        "number"
    )
    assert version.number == 2
    asked = Notification.objects.filter(kind="policy.acknowledge", occurrence="2")
    assert asked.filter(recipient__email="supporter@demo.test").exists()
    assert AuditEvent.objects.filter(object_type="policy", detail="version 2 published").exists()

    page.context.clear_cookies()
    sign_in(page, base, "supporter@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/committees/policies/")
    click(page.get_by_role("link", name="Confidentiality agreement (new version 2)"))
    assert "Version two" in page.content()
    assert_accessible(page, "policy, new version (supporter)")
    click(page.get_by_role("button", name="I have read and accept version 2"))
    supporter_clicks = click.count
    assert PolicyAcknowledgement.objects.filter(
        version=version, user__email="supporter@demo.test"
    ).exists()
    profile = SupporterProfile.objects.get(user__email="supporter@demo.test")
    assert profile.agreement_signed_on == timezone.localdate()
    assert fits_320px(page, f"{base}/committees/policies/")
    assert (chair_clicks, supporter_clicks) == (3, 2)


def a_supervisor_is_named_and_an_overdue_check_in_is_flagged(base, page):
    from core.models import AuditEvent, Notification
    from roster.models import SupporterProfile

    profile = SupporterProfile.objects.get(user__email="supporter@demo.test")
    today = timezone.localdate()
    sign_in(page, base, "manager@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/roster/")
    click(page.get_by_role("link", name="Supervision"))
    assert_accessible(page, "supervision list (manager)")
    page.get_by_label("Find a supporter by name or email").fill("Okafor")
    click(page.get_by_role("button", name="Find"))
    click(page.locator(f"a[href='/roster/supervision/{profile.pk}/']"))
    assert_accessible(page, "supervision record (manager)")
    page.get_by_label("Supervisor's email").fill("education@demo.test")
    page.get_by_label("Last check-in").fill((today - datetime.timedelta(days=40)).isoformat())
    page.get_by_label("Next check-in due").fill((today - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Notes").fill("Monthly group supervision.")
    click(page.get_by_role("button", name="Save the supervision record"))
    manager_clicks = click.count
    assert "(overdue)" in page.content()
    assert Notification.objects.filter(
        kind="supervision.assigned", recipient__email="education@demo.test"
    ).exists()
    assert (
        AuditEvent.objects.filter(object_type="supervision", object_id=str(profile.pk)).count() == 4
    )

    page.context.clear_cookies()
    sign_in(page, base, "education@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/")
    assert "1 supervision check-in is overdue" in page.content()
    click(page.get_by_role("link", name="See the supervision records"))
    assert "Sam Okafor" in page.content()
    assert fits_320px(page, page.url)
    assert (manager_clicks, click.count) == (4, 1)
