"""The request workflows at their edges, in the browser, each as the role that does it: close
without contact (the supporter), re-route (the central lead) and hand back (the local lead),
redirect with its confirmation and undo (the central lead), and the supporter's correction of a
first contact. Each journey asserts the notices sent and the audit rows written, and counts its
clicks (docs/workflows.md). One seeded demo hospital for the module: the journeys run in turn in
one test, each on its own request, so the demo is seeded once."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_governance_journey import Clicks

pytestmark = pytest.mark.browser


def demo_people():
    from core.models import User
    from roster.models import Unit

    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.test")}
    return SimpleNamespace(
        staff=users["staff"],
        supporter=users["supporter"],
        central=users["central"],
        icu_lead=users["icu-lead"],
        ed_lead=users["ed-lead"],
        icu=Unit.objects.get(code="icu"),
        ed=Unit.objects.get(code="ed"),
    )


def request_in(people, state: str):
    """A request by the demo staff member, moved to `state` through the services."""
    from tests.support_requests.conftest import walk

    return walk(people, state)


def as_person(page, base, email):
    page.context.clear_cookies()
    sign_in(page, base, email)


def transitions(request) -> list[str]:
    from core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(object_type="support_request", object_id=str(request.pk))
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def notices(request, kind: str) -> set[str]:
    from core.models import Notification

    return set(
        Notification.objects.filter(kind=kind, subject_id=str(request.pk)).values_list(
            "recipient__email", flat=True
        )
    )


def test_request_workflow_journeys(demo_site, page):
    people = demo_people()
    base = demo_site.url
    clicks = {
        "close without contact": close_without_contact(base, page, people),
        "re-route and hand back": reroute_and_hand_back(base, page, people),
        "redirect and undo": redirect_and_undo(base, page, people),
        "correct the first contact": correct_first_contact(base, page, people),
    }
    assert clicks == {
        "close without contact": 2,
        "re-route and hand back": 3,
        "redirect and undo": 3,
        "correct the first contact": 2,
    }, clicks


def close_without_contact(base, page, people) -> int:
    request = request_in(people, "accepted")
    as_person(page, base, "supporter@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/requests/assigned/")
    click(page.locator(f"a[href='/requests/{request.pk}/']").first)
    page.get_by_label("Could not reach them").check()
    page.get_by_label("How many times did you try to reach them?").fill("3")
    click(page.get_by_role("button", name="Close without contact"))
    assert_accessible(page, "after closing without contact")
    request.refresh_from_db()
    assert request.state == "closed" and request.no_contact_reason == "could_not_reach"
    assert any(detail.startswith("accepted->closed") for detail in transitions(request))
    assert notices(request, "request.closed_no_contact")
    return click.count


def reroute_and_hand_back(base, page, people) -> int:
    request = request_in(people, "routed")  # routed to the ICU
    as_person(page, base, "central@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/requests/{request.pk}/")
    page.get_by_label("Route to the local lead of").select_option(label="Emergency Department")
    click(page.get_by_role("button", name="Route", exact=True))
    request.refresh_from_db()
    assert request.routed_unit == people.ed
    assert "ed-lead@demo.test" in notices(request, "request.routed")
    assert "icu-lead@demo.test" in notices(request, "request.rerouted")

    as_person(page, base, "ed-lead@demo.test")
    page.goto(f"{base}/requests/unit/")
    click(page.locator(f"a[href='/requests/{request.pk}/']").first)
    assert_accessible(page, "routed request (ED lead)")
    page.get_by_label("No supporter of the unit is available").check()
    click(page.get_by_role("button", name="Hand back"))
    request.refresh_from_db()
    assert request.state == "triaged" and request.routed_unit is None
    assert "central@demo.test" in notices(request, "request.handed_back")
    details = transitions(request)
    assert any(d.startswith("routed->routed") for d in details), details
    assert any(d.startswith("routed->triaged") for d in details), details

    as_person(page, base, "central@demo.test")
    page.goto(f"{base}/requests/triage/")
    assert "Handed back" in page.content()  # the flag stays until it is routed again
    return click.count


def redirect_and_undo(base, page, people) -> int:
    request = request_in(people, "triaged")
    as_person(page, base, "central@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/requests/{request.pk}/")
    assert not page.locator("input[name=reason][value=hr]").is_checked()  # nothing preselected
    page.get_by_label("Grievance about a colleague (Human Resources)").check()
    click(page.get_by_role("button", name="Redirect", exact=True))
    assert_accessible(page, "redirect confirmation")
    assert "Check before you redirect this request" in page.content()
    click(page.get_by_role("button", name="Redirect and tell the requester"))
    request.refresh_from_db()
    assert request.state == "redirected"
    assert "staff@demo.test" in notices(request, "request.redirected_hr")

    page.goto(f"{base}/requests/{request.pk}/")
    click(page.get_by_role("button", name="Undo the redirection"))
    request.refresh_from_db()
    assert request.state == "triaged" and request.details  # nothing was deleted
    assert "staff@demo.test" in notices(request, "request.redirect_undone")
    details = transitions(request)
    assert any(d.startswith("triaged->redirected") for d in details), details
    assert any(d.startswith("redirected->triaged") for d in details), details
    return click.count


def correct_first_contact(base, page, people) -> int:
    from zoneinfo import ZoneInfo

    from django.conf import settings

    request = request_in(people, "contacted")  # still on the assignments page
    zone = ZoneInfo(settings.TIME_ZONE)
    earlier = (timezone.now() - datetime.timedelta(minutes=5)).astimezone(zone)
    as_person(page, base, "supporter@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/requests/assigned/")
    click(page.locator(f"a[href='/requests/{request.pk}/']").first)
    form = page.locator("form[action$='/correct/contact/']")
    form.get_by_label("Date of first contact").fill(earlier.date().isoformat())
    form.get_by_label("Time of first contact").fill(earlier.strftime("%H:%M"))
    click(page.get_by_role("button", name="Correct the first contact"))
    assert_accessible(page, "after the correction")
    previous = request.first_contact_at
    request.refresh_from_db()
    assert request.first_contact_at != previous
    assert request.first_contact_at.astimezone(zone).strftime("%H:%M") == earlier.strftime("%H:%M")
    assert any(d.startswith("first contact ") for d in transitions(request)), transitions(request)
    return click.count
