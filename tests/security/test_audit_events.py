"""The audit log writes each denial, export and status change exactly once.

Denied events are written by core.audit.AuditDenialsMiddleware after the view's transaction
has been rolled back by the 403/404, so these tests go through the test client: an event written
inside the view would vanish with the rollback, and one written twice would show here.

To cover a new page, add a Denial to DENIALS (the lead adds the support_requests entries).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent


def app_events():
    """The events the application writes (not the role rows the fixtures' groups add by trigger)."""
    return AuditEvent.objects.exclude(action="role_change", actor_id__isnull=True)


@dataclass(frozen=True)
class Denial:
    name: str
    role: str
    url_name: str
    args: Callable[[object], list] | None  # people -> URL args
    status: int  # 403 for a page, 404 for an object
    object_type: str
    object_id: Callable[[object], str]  # people -> the id the event names
    method: str = "get"


def _ed_supporter_profile(people):
    return people.ed_supporter.supporter_profile


def _meeting(people):
    from committees.models import Meeting
    from tests.committees.factories import MeetingFactory
    from tests.factories import CommitteeFactory

    existing = Meeting.objects.filter(title="Audited meeting").first()
    return existing or MeetingFactory(
        committee=CommitteeFactory(slug="education"), title="Audited meeting"
    )


def _invitation_of_staff(people):
    from roster.models import JobRoleType, Nomination

    return Nomination.objects.get_or_create(
        nominee=people.staff,
        defaults={
            "nominated_by": people.icu_lead,
            "unit": people.icu,
            "role_type": JobRoleType.NURSE,
        },
    )[0]


def _shift_of_supporter(people):
    from roster.models import OnCallShift

    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    return OnCallShift.objects.get_or_create(
        supporter=people.supporter,
        starts_at=starts.replace(hour=9, minute=0, second=0),
        defaults={"ends_at": starts.replace(hour=17, minute=0, second=0)},
    )[0]


def _education_committee_pk(people):
    from committees.models import Committee

    return str(Committee.objects.get(slug="education").pk)


DENIALS = [
    Denial(
        "a staff member opens the directory",
        "staff",
        "roster:directory",
        None,
        403,
        "page",
        lambda people: "roster.directory",
    ),
    Denial(
        "a sponsor opens the committees",
        "sponsor",
        "committees:index",
        None,
        403,
        "page",
        lambda people: "committees.browse",
    ),
    Denial(
        "a staff member posts a new committee member",
        "staff",
        "committees:add_member",
        lambda people: ["education"],
        403,
        "page",
        lambda people: "committees.manage",
        method="post",
    ),
    Denial(
        "the ICU lead opens an ED supporter's page",
        "icu_lead",
        "roster:supporter",
        lambda people: [_ed_supporter_profile(people).pk],
        404,
        "supporter_profile",
        lambda people: str(_ed_supporter_profile(people).pk),
    ),
    Denial(
        "the ED lead changes an ICU supporter's status",
        "ed_lead",
        "roster:change_status",
        lambda people: [people.icu_supporter_profile.pk],
        404,
        "supporter_profile",
        lambda people: str(people.icu_supporter_profile.pk),
        method="post",
    ),
    Denial(
        "a sponsor opens a committee meeting's minutes",
        "sponsor",
        "committees:minutes",
        lambda people: [_meeting(people).pk],
        404,
        "meeting",
        lambda people: str(_meeting(people).pk),
    ),
    Denial(
        "a member who does not chair edits the minutes",
        "education",
        "committees:edit_minutes",
        lambda people: [_meeting(people).pk],
        403,
        "meeting_minutes",
        lambda people: str(_meeting(people).pk),
    ),
    Denial(
        "a supporter opens a committee they are not on",
        "supporter",
        "committees:committee",
        lambda people: ["education"],
        404,
        "committee",
        _education_committee_pk,
    ),
    Denial(
        "a lead opens someone else's invitation",
        "icu_lead",
        "roster:invitation",
        lambda people: [_invitation_of_staff(people).pk],
        404,
        "nomination",
        lambda people: str(_invitation_of_staff(people).pk),
    ),
    Denial(
        "a staff member cancels a supporter's shift",
        "staff",
        "roster:cancel_shift",
        lambda people: [_shift_of_supporter(people).pk],
        404,
        "on_call_shift",
        lambda people: str(_shift_of_supporter(people).pk),
        method="post",
    ),
]


@pytest.mark.parametrize("case", DENIALS, ids=[case.name for case in DENIALS])
def test_each_denied_access_writes_exactly_one_denied_event_without_free_text(client, people, case):
    url = reverse(case.url_name, args=case.args(people) if case.args else None)
    user = people.by_role()[case.role]
    client.force_login(user)
    before = set(app_events().values_list("pk", flat=True))
    response = getattr(client, case.method)(url)
    assert response.status_code == case.status
    new = list(app_events().exclude(pk__in=before))
    assert [(e.action, e.actor_id, e.object_type, e.object_id, e.outcome) for e in new] == [
        ("denied", user.pk, case.object_type, case.object_id(people), "denied")
    ]
    event = new[0]
    assert event.detail == ""  # never free text
    assert event.ip == "127.0.0.1"
    assert abs(event.at - timezone.now()) < datetime.timedelta(minutes=1)
    assert event.at.utcoffset() == datetime.timedelta(0)


def without_csrf_token(body: bytes) -> bytes:
    """The page without its CSRF token, which is masked afresh on every response."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def test_a_hidden_object_answers_exactly_like_a_missing_one_and_only_it_is_logged(client, people):
    client.force_login(people.icu_lead)
    hidden = client.get(reverse("roster:supporter", args=[_ed_supporter_profile(people).pk]))
    missing = client.get(reverse("roster:supporter", args=[999_999]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf_token(hidden.content) == without_csrf_token(missing.content)
    assert app_events().filter(action="denied").count() == 1


def test_an_allowed_page_writes_no_denied_event(client, people):
    client.force_login(people.icu_lead)
    assert (
        client.get(reverse("roster:supporter", args=[people.icu_supporter_profile.pk])).status_code
        == 200
    )
    assert not app_events().filter(action="denied").exists()


# ---- exports ---------------------------------------------------------------------------------


def test_a_roster_export_writes_exactly_one_export_event(client, people):
    client.force_login(people.manager)
    response = client.get(reverse("roster:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    events = list(app_events().all())
    assert [(e.action, e.actor_id, e.object_type, e.outcome) for e in events] == [
        ("export", people.manager.pk, "roster", "ok")
    ]


def test_a_refused_export_writes_a_denial_and_no_export(client, people):
    client.force_login(people.icu_lead)
    assert client.get(reverse("roster:export")).status_code == 403
    assert list(app_events().values_list("action", "object_id")) == [
        ("denied", "roster.administer")
    ]


# ---- roster status changes -------------------------------------------------------------------


def test_a_lead_changing_a_supporters_status_writes_exactly_one_event(client, people):
    profile = people.icu_supporter_profile
    client.force_login(people.icu_lead)
    response = client.post(
        reverse("roster:change_status", args=[profile.pk]), {"status": "on_leave"}
    )
    assert response.status_code == 302
    events = list(app_events().all())
    assert [(e.action, e.actor_id, e.object_type, e.object_id) for e in events] == [
        ("role_change", people.icu_lead.pk, "supporter_profile", str(profile.pk))
    ]
    assert events[0].detail == "active -> on_leave"  # status codes only


@pytest.mark.parametrize("action", ["roster:pause", "roster:leave"])
def test_a_supporter_changing_their_own_status_writes_exactly_one_event(client, people, action):
    client.force_login(people.supporter)
    response = client.post(reverse(action), {"confirmed": "yes"})
    assert response.status_code == 302
    assert list(app_events().values_list("action", "actor_id", "object_id")) == [
        ("role_change", people.supporter.pk, str(people.icu_supporter_profile.pk))
    ]


def test_a_refused_status_change_writes_no_event(client, people):
    profile = people.icu_supporter_profile
    client.force_login(people.icu_lead)
    client.post(
        reverse("roster:change_status", args=[profile.pk]),
        {"status": "retired", "confirmed": "yes"},
    )
    count_after_retiring = app_events().count()
    # Someone who left comes back only through a new nomination: refused, nothing written.
    response = client.post(reverse("roster:change_status", args=[profile.pk]), {"status": "active"})
    assert response.status_code == 302
    assert app_events().count() == count_after_retiring == 1


# ---- state changes through the forms ---------------------------------------------------------
# Each form of tests/security/test_fuzz_forms.py that changes state, submitted with its valid
# payload: exactly one audit event, of this action and object type, with no typed text in it.

STATE_CHANGES = {
    "roster nomination": ("state_change", "nomination"),
    "roster invitation answer": ("role_change", "supporter_profile"),
    "roster supporter status change": ("role_change", "supporter_profile"),
    "roster leaving the program": ("role_change", "supporter_profile"),
    "roster CSV import, then confirm": ("import", "roster"),
    "committees new committee": ("state_change", "committee"),
    "committees add member": ("role_change", "committee"),
    "committees new meeting": ("state_change", "meeting"),
    "committees change meeting": ("state_change", "meeting"),
    "committees minutes": ("state_change", "meeting"),
    "committees attendance": ("state_change", "meeting"),
    "committees plan activity": ("state_change", "plan_activity"),
    "committees plan progress": ("state_change", "plan_activity"),
    "committees leadership assign": ("role_grant", "user"),
    "requests route to a unit": ("state_change", "support_request"),
    "requests central lead assigns": ("state_change", "support_request"),
    "requests unit lead assigns": ("state_change", "support_request"),
    "requests central lead redirects": ("state_change", "support_request"),
    "requests supporter declines": ("state_change", "support_request"),
    "requests close": ("state_change", "support_request"),
    "requests open an outreach": ("state_change", "outreach"),
    "requests outreach assign": ("state_change", "outreach"),
    "requests outreach contacts": ("state_change", "outreach"),
    "training schedule a session": ("state_change", "training.trainingsession"),
    "training change a session": ("state_change", "training.trainingsession"),
    "training enrol a person": ("state_change", "training.enrolment"),
    "training attendance": ("state_change", "training.trainingsession"),
    "training feedback": ("state_change", "training.trainingsession"),
}


@pytest.mark.parametrize("name", STATE_CHANGES)
def test_each_state_change_through_a_form_writes_exactly_one_event(client, people, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.security.test_fuzz_forms import CASE_BY_NAME

    case = CASE_BY_NAME[name]
    if case.setup:
        case.setup(people)
    user = people.by_role()[case.role]
    url = reverse(case.url_name, args=case.args(people) if case.args else None)
    payload = case.valid(people)
    # Typed text (names, emails, agenda...), not codes, ids or ISO dates, must stay out of it.
    typed = [
        v for v in payload.values() if isinstance(v, str) and not re.fullmatch(r"[a-z0-9_\-:]*", v)
    ]
    for field_name in case.files:
        payload[field_name] = SimpleUploadedFile("roster.csv", payload[field_name])
    client.force_login(user)
    before = set(app_events().values_list("pk", flat=True))
    response = client.post(url, payload)
    if case.then_post:
        response = client.post(reverse(case.then_post))
    assert response.status_code == 302
    new = list(app_events().exclude(pk__in=before))
    assert [(e.action, e.object_type, e.actor_id, e.outcome) for e in new] == [
        (*STATE_CHANGES[name], user.pk, "ok")
    ], [(e.action, e.object_type, e.detail) for e in new]
    for text in typed:
        assert text not in new[0].detail, f"typed text in the audit detail: {new[0].detail!r}"


# ---- support requests ------------------------------------------------------------------------
# A request of people.staff, routed to the ICU and assigned to the ICU supporter: the people below
# have no relation to it, so its page is a 404 for them and the attempt is written once.


def _assigned_request(people):
    from support_requests.models import SupportRequest
    from tests.support_requests.conftest import walk

    return SupportRequest.objects.filter(state="assigned").first() or walk(people, "assigned")


def _routed_request(people):
    from support_requests.models import SupportRequest
    from tests.support_requests.conftest import walk

    return SupportRequest.objects.filter(state="routed").first() or walk(people, "routed")


REQUEST_DENIALS = [
    Denial(
        f"the {role} opens a request they have no part in",
        role,
        "support_requests:detail",
        lambda people: [_assigned_request(people).pk],
        404,
        "support_request",
        lambda people: str(_assigned_request(people).pk),
    )
    for role in ("sponsor", "chair", "manager", "ed_lead", "superuser")
] + [
    Denial(
        "a supporter opens a routed request not assigned to them",
        "supporter",
        "support_requests:detail",
        lambda people: [_routed_request(people).pk],
        404,
        "support_request",
        lambda people: str(_routed_request(people).pk),
    )
]


@pytest.mark.parametrize("case", REQUEST_DENIALS, ids=[case.name for case in REQUEST_DENIALS])
def test_a_denied_request_page_writes_one_denied_event_and_no_read(client, people, case):
    test_each_denied_access_writes_exactly_one_denied_event_without_free_text(client, people, case)
    assert not app_events().filter(action="read_details").exists()


def _request_events(pk) -> list[tuple[str, str]]:
    return list(
        app_events()
        .filter(object_type="support_request", object_id=str(pk))
        .order_by("pk")
        .values_list("action", "detail")
    )


def test_submitting_a_request_writes_exactly_one_state_change_without_its_text(client, people):
    from support_requests.models import SupportRequest
    from tests.support_requests.conftest import REQUESTER_CONTACT, SECRET_TEXT, intake_post

    client.force_login(people.staff)
    response = client.post(reverse("support_requests:new"), intake_post(people.icu))
    assert response.status_code == 200
    support_request = SupportRequest.objects.get()
    events = list(app_events().all())
    # By role, never by person: the log must not say who asked for help.
    assert [(e.action, e.actor_id, e.ip, e.object_id, e.detail) for e in events] == [
        ("state_change", None, None, str(support_request.pk), "requester ->submitted")
    ]
    assert SECRET_TEXT not in events[0].detail and REQUESTER_CONTACT not in events[0].detail


def _now_fields() -> dict:
    now = timezone.localtime()
    return {"on": now.date().isoformat(), "at": now.strftime("%H:%M")}


def _nothing(people) -> dict:
    return {}


# (from state, role, URL name, payload of people, to state)
REQUEST_TRANSITIONS = {
    "triage": ("submitted", "central", "support_requests:triage_request", _nothing, "triaged"),
    "route": (
        "triaged",
        "central",
        "support_requests:route",
        lambda people: {"unit": people.icu.pk},
        "routed",
    ),
    "assign": (
        "routed",
        "icu_lead",
        "support_requests:assign",
        lambda people: {"supporter": people.supporter.pk},
        "assigned",
    ),
    "accept": ("assigned", "supporter", "support_requests:accept", _nothing, "accepted"),
    "contact": (
        "accepted",
        "supporter",
        "support_requests:log_contact",
        lambda people: _now_fields(),
        "contacted",
    ),
    "close": (
        "contacted",
        "supporter",
        "support_requests:close",
        lambda people: {"contacts": "1", "duration_band": "under_15", "referral": "none"},
        "closed",
    ),
    "withdraw": ("assigned", "staff", "support_requests:withdraw", _nothing, "withdrawn"),
}


@pytest.mark.parametrize("name", REQUEST_TRANSITIONS)
def test_each_request_state_change_writes_exactly_one_state_change_event(client, people, name):
    from tests.support_requests.conftest import walk

    from_state, role, url_name, payload, to_state = REQUEST_TRANSITIONS[name]
    support_request = walk(people, from_state)
    user = people.by_role()[role]
    client.force_login(user)
    before = set(app_events().values_list("pk", flat=True))
    response = client.post(reverse(url_name, args=[support_request.pk]), payload(people))
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.state == to_state
    new = list(app_events().exclude(pk__in=before))
    # The requester's own actions are written by role ("requester"), never with their id.
    by_requester = role == "staff"
    assert [(e.action, e.actor_id, e.object_type, e.object_id, e.detail) for e in new] == [
        (
            "state_change",
            None if by_requester else user.pk,
            "support_request",
            str(support_request.pk),
            f"{'requester ' if by_requester else ''}{from_state}->{to_state}",
        )
    ]


@pytest.mark.parametrize("role", ["staff", "central", "icu_lead", "supporter"])
def test_each_read_of_a_requests_details_writes_exactly_one_read_event(client, people, role):
    support_request = _assigned_request(people)
    user = people.by_role()[role]
    client.force_login(user)
    before = set(app_events().values_list("pk", flat=True))
    for expected in (1, 2):
        response = client.get(reverse("support_requests:detail", args=[support_request.pk]))
        assert response.status_code == 200
        new = list(app_events().exclude(pk__in=before))
        by_requester = role == "staff"
        assert [(e.action, e.actor_id, e.object_id, e.detail) for e in new] == [
            (
                "read_details",
                None if by_requester else user.pk,
                str(support_request.pk),
                "requester" if by_requester else "",
            )
        ] * expected


def test_the_reports_csv_export_writes_exactly_one_export_event(client, people):
    client.force_login(people.manager)
    response = client.get("/reports/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    events = list(app_events().all())
    assert [(e.action, e.actor_id, e.object_type, e.outcome) for e in events] == [
        ("export", people.manager.pk, "report", "ok")
    ]
