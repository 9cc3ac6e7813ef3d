"""The request workflows at their edges, in the browser, each as the role that does it: close
without contact (the supporter), re-route (the central lead) and hand back (the local lead),
redirect with its confirmation and undo (the central lead), the supporter's correction of a
first contact, the chair's appointment of a local lead for a unit that has none (confirmed by a
central lead) and a request routed there reaching them, a staff member who volunteers and ends
up offered for requests, and the on-call supporter's claim of a "today" request. Each journey asserts the notices sent and the audit rows written, and counts its
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


def request_in(people, state: str, requester=None):
    """A request (by the demo staff member, or `requester`), moved to `state` through the
    services. Each requester may send only a few requests an hour, as on the real form."""
    from tests.support_requests.conftest import walk

    if requester is not None:
        people = SimpleNamespace(**{**vars(people), "staff": requester})
    return walk(people, state)


def new_account(email: str, first_name: str, last_name: str):
    """A staff member of the demo hospital with no role yet (the demo password)."""
    from core.models import User

    return User.objects.create_user(
        email=email, password="demo-pass-2026", first_name=first_name, last_name=last_name
    )


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
        "appoint a local lead": appoint_a_local_lead(base, page, people),
        "volunteer": volunteer_to_suggestions(base, page, people),
        "on-call claim": on_call_claims_a_today_request(base, page, people),
    }
    assert clicks == {
        "close without contact": 2,
        "re-route and hand back": 3,
        "redirect and undo": 3,
        "correct the first contact": 2,
        "appoint a local lead": 4,
        "volunteer": 6,
        "on-call claim": 1,
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
    requester = new_account("asker0@demo.test", "Dana", "Holt")
    request = request_in(people, "triaged", requester=requester)
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
    assert requester.email in notices(request, "request.redirected_hr")

    page.goto(f"{base}/requests/{request.pk}/")
    click(page.get_by_role("button", name="Undo the redirection"))
    request.refresh_from_db()
    assert request.state == "triaged" and request.details  # nothing was deleted
    assert requester.email in notices(request, "request.redirect_undone")
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


def appoint_a_local_lead(base, page, people) -> int:
    """The chair proposes a local lead for a unit that has none; the central lead confirms it
    (two people); a request routed there reaches the new lead."""
    from core.models import AuditEvent
    from roster.models import LocalLead, Unit

    unit = (
        Unit.objects.filter(kind="unit", local_leads__isnull=True)
        .exclude(code__in=["icu", "ed"])
        .order_by("name")
        .first()
    )
    lead = new_account("newlead@demo.test", "Nora", "Lindqvist")
    as_person(page, base, "chair@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/roster/grants/")
    assert unit.name in page.locator("#nolead-heading + p + ul").inner_text()
    page.get_by_label("Role").select_option(label="Local Peer Support Lead")
    page.get_by_label("Work email of the person").fill(lead.email)
    page.get_by_label("Unit (local lead only)").select_option(label=unit.name)
    click(page.get_by_role("button", name="Propose"))
    assert not LocalLead.objects.filter(user=lead).exists()  # one person is not enough
    assert notices_to("central@demo.test", "role.grant_requested")

    as_person(page, base, "central@demo.test")
    page.goto(f"{base}/roster/grants/")
    click(page.get_by_role("button", name="Confirm").first)
    assert LocalLead.objects.filter(user=lead, unit=unit).exists()
    assert notices_to("chair@demo.test", "role.granted")
    assert (
        AuditEvent.objects.filter(
            action="role_grant", object_type="user", object_id=str(lead.pk)
        ).count()
        >= 2
    )  # proposed, then confirmed

    requester = new_account("asker3@demo.test", "Cy", "Ito")
    request = request_in(people, "triaged", requester=requester)
    page.goto(f"{base}/requests/{request.pk}/")
    page.get_by_label("Route to the local lead of").select_option(label=unit.name)
    click(page.get_by_role("button", name="Route", exact=True))
    assert lead.email in notices(request, "request.routed")

    as_person(page, base, lead.email)
    page.goto(f"{base}/requests/unit/")
    click(page.locator(f"a[href='/requests/{request.pk}/']").first)
    assert_accessible(page, "routed request (new local lead)")
    assert "Assign a supporter" in page.content()
    return click.count


def volunteer_to_suggestions(base, page, people) -> int:
    """A staff member volunteers from the home page; the unit's lead approves; the volunteer
    accepts the agreement and, once trained, is among the suggestions for a request."""
    from committees.models import PolicyAcknowledgement
    from roster.models import SupporterProfile

    volunteer = new_account("volunteer@demo.test", "Vera", "Okafor")
    as_person(page, base, volunteer.email)
    click = Clicks(page)
    page.goto(f"{base}/")
    click(page.get_by_role("link", name="Volunteer as a peer supporter"))
    page.get_by_label("The unit you work in").select_option(label="Intensive Care Unit")
    page.get_by_label("Your job role type").select_option(label="Nurse")
    click(page.get_by_role("button", name="Offer to volunteer"))
    assert notices_to("icu-lead@demo.test", "roster.volunteered")

    as_person(page, base, "icu-lead@demo.test")
    page.goto(f"{base}/roster/volunteers/")
    row = page.locator("li, tr", has_text="Vera Okafor").last
    click(row.get_by_role("button", name="Approve and invite"))
    assert notices_to(volunteer.email, "roster.nominated")

    as_person(page, base, volunteer.email)
    page.goto(f"{base}/")
    click(page.get_by_role("link", name="Read the invitation and answer it"))
    click(page.get_by_role("link", name="Answer the invitation to join as a peer supporter"))
    page.get_by_label("I have read the confidentiality agreement above and I sign it.").check()
    click(page.get_by_role("button", name="Accept and join"))
    profile = SupporterProfile.objects.get(user=volunteer)
    assert profile.status == "active" and profile.agreement_signed_on is not None
    assert PolicyAcknowledgement.objects.filter(
        user=volunteer, version__policy__slug="confidentiality-agreement"
    ).exists()  # the signature and the acknowledgement are one fact

    # The initial training is recorded by the program manager (the training journey covers it).
    from django.utils import timezone as tz

    SupporterProfile.objects.filter(pk=profile.pk).update(
        trained_on=tz.localdate(), refresher_due_on=tz.localdate() + datetime.timedelta(days=365)
    )
    requester = new_account("asker1@demo.test", "Alma", "Reyes")
    request = request_in(people, "triaged", requester=requester)
    as_person(page, base, "central@demo.test")
    page.goto(f"{base}/requests/{request.pk}/")
    # Offered for assignment: the suggestions rank every eligible supporter; the search goes
    # beyond the first few shown.
    page.goto(f"{base}/requests/{request.pk}/?q=Okafor")  # the search's own address
    matches = page.locator("#supporter-matches").inner_text()
    assert "Vera Okafor (volunteer@demo.test; Nurse, Intensive Care Unit)" in matches
    return click.count


def notices_to(email: str, kind: str) -> bool:
    from core.models import Notification

    return Notification.objects.filter(recipient__email=email, kind=kind).exists()


def on_call_claims_a_today_request(base, page, people) -> int:
    """The supporter on call claims a "today" request at once; the central leads are told."""
    from roster import selectors as roster_selectors
    from roster.models import OnCallShift

    now = timezone.now()
    if not roster_selectors.on_call_supporters().filter(pk=people.supporter.pk).exists():
        window = (now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=2))
        OnCallShift.objects.filter(
            supporter=people.supporter, starts_at__lt=window[1], ends_at__gt=window[0]
        ).delete()
        OnCallShift.objects.create(
            supporter=people.supporter, starts_at=window[0], ends_at=window[1]
        )
    requester = new_account("asker2@demo.test", "Ben", "Adeyemi")
    request = request_in(people, "submitted", requester=requester)  # marked "today"
    as_person(page, base, "supporter@demo.test")
    click = Clicks(page)
    page.goto(f"{base}/requests/assigned/")
    assert_accessible(page, "assignments with an urgent request to claim")
    click(page.locator(f"form[action='/requests/{request.pk}/claim/'] button"))
    request.refresh_from_db()
    assert request.state == "accepted" and request.assigned_to == people.supporter
    assert "central@demo.test" in notices(request, "request.claimed")
    assert any("->accepted" in d for d in transitions(request)), transitions(request)
    return click.count
