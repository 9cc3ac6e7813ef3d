"""The request pages: queues, actions through forms, refusals with a reason, and query counts."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from support_requests.models import Intervention, State, SupportRequest
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UnitFactory
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db


def url(name, request):
    return reverse(f"support_requests:{name}", args=[request.pk])


def snapshot(request):
    row = SupportRequest.objects.filter(pk=request.pk).values().get()
    row.pop("updated_at")
    return row


def test_the_whole_path_through_the_pages(client, people):
    request = walk(people, "submitted")
    client.force_login(people.central)
    assert client.post(url("triage_request", request)).status_code == 302
    client.post(url("route", request), {"unit": people.icu.pk})
    client.force_login(people.icu_lead)
    page = client.get(url("detail", request)).content.decode()
    assert "Suggested, best match first" in page
    client.post(url("assign", request), {"supporter": people.supporter.pk})
    client.force_login(people.supporter)
    client.post(url("accept", request))
    now = timezone.localtime()
    client.post(url("log_contact", request), {"on": now.date(), "at": now.strftime("%H:%M")})
    response = client.post(
        url("close", request),
        {"contacts": 1, "duration_band": "under_15", "referral": "none"},
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get(pk=request.pk).state == State.CLOSED
    assert Intervention.objects.count() == 1
    client.force_login(people.staff)
    mine = client.get(reverse("support_requests:mine")).content.decode()
    assert "Tell us how it went" in mine
    client.post(url("survey", request), {"rating": "5", "would_recommend": "yes"})
    assert (
        "Tell us how it went" not in client.get(reverse("support_requests:mine")).content.decode()
    )


@pytest.mark.parametrize(
    ("state", "who", "action", "data"),
    [
        ("routed", "icu_lead", "assign", {"supporter": "999999"}),
        ("routed", "icu_lead", "assign", {}),
        ("routed", "icu_lead", "assign", {"supporter": "ed_supporter"}),  # not from their unit
        ("triaged", "central", "route", {"unit": "999999"}),
        ("triaged", "central", "redirect", {"reason": "somewhere"}),
        ("assigned", "supporter", "decline", {"reason": "bored"}),
        ("accepted", "supporter", "log_contact", {"on": "2020-13-01", "at": "10:00"}),
        ("accepted", "supporter", "log_contact", {"on": "2999-01-01", "at": "10:00"}),
        ("accepted", "supporter", "log_contact", {}),
        ("contacted", "supporter", "close", {"contacts": 0, "duration_band": "under_15"}),
        ("contacted", "supporter", "close", {"contacts": 1, "duration_band": "forever"}),
        ("contacted", "supporter", "close", {"contacts": "many"}),
    ],
)
def test_bad_input_on_an_action_is_refused_with_a_message_and_changes_nothing(
    client, people, state, who, action, data
):
    request = walk(people, state)
    before = snapshot(request)
    if data.get("supporter") == "ed_supporter":
        data = {"supporter": people.ed_supporter.pk}
    client.force_login(getattr(people, who))
    response = client.post(url(action, request), data, follow=True)
    page = response.content.decode()
    assert 'role="alert"' in page or "alert-danger" in page
    assert snapshot(request) == before


def test_an_illegal_transition_through_a_page_shows_the_reason(client, people):
    request = walk(people, "submitted")
    client.force_login(people.staff)
    response = client.post(url("withdraw", request), follow=True)
    assert response.status_code == 200
    client.force_login(people.central)
    response = client.post(url("triage_request", request), follow=True)
    assert "cannot be triaged" in response.content.decode()
    assert SupportRequest.objects.get(pk=request.pk).state == State.WITHDRAWN


def test_an_action_outside_ones_role_answers_403_and_is_logged(client, people):
    request = walk(people, "assigned")
    client.force_login(people.staff)  # the requester sees it but may not accept it
    before = snapshot(request)
    assert client.post(url("accept", request)).status_code == 403
    assert snapshot(request) == before
    assert AuditEvent.objects.filter(action="denied", object_id=str(request.pk)).exists()


def test_a_forged_id_of_someone_elses_request_answers_404_and_changes_nothing(client, people):
    mine = walk(people, "submitted")
    theirs = SupportRequestFactory(unit=people.icu)
    client.force_login(people.staff)
    before = snapshot(theirs)
    for action in ("withdraw", "survey"):
        assert client.post(url(action, theirs)).status_code == 404
    assert snapshot(theirs) == before
    assert SupportRequest.objects.get(pk=mine.pk).state == State.SUBMITTED


@time_machine.travel("2026-11-23 15:00:00+00:00", tick=False)
def test_the_triage_queue_shows_most_urgent_then_oldest_with_time_left(client, people):
    now = timezone.now()
    old_week = SupportRequestFactory(
        unit=people.icu, urgency="this_week", submitted_at=now - datetime.timedelta(hours=20)
    )
    new_today = SupportRequestFactory(
        unit=people.icu, urgency="today", submitted_at=now - datetime.timedelta(minutes=25)
    )
    late_today = SupportRequestFactory(
        unit=people.ed, urgency="today", submitted_at=now - datetime.timedelta(minutes=45)
    )
    client.force_login(people.central)
    response = client.get(reverse("support_requests:triage"))
    rows = list(response.context["page"].object_list)
    assert rows == [late_today, new_today, old_week]
    assert rows[0].timing.overdue and rows[1].timing.at_risk and rows[2].timing.at_risk
    page = response.content.decode()
    assert "Overdue by 15 minutes" in page and "At risk" in page and "4 hours left" in page
    filtered = client.get(reverse("support_requests:triage"), {"unit": people.ed.pk})
    assert list(filtered.context["page"].object_list) == [late_today]
    by_state = client.get(reverse("support_requests:triage"), {"state": "closed"})
    assert list(by_state.context["page"].object_list) == []


def _fill(people, n):
    unit = UnitFactory()
    for index in range(n):
        supporter = SupporterProfileFactory(home_unit=people.icu).user
        SupportRequestFactory(unit=unit, routed_unit=people.icu, state=State.ROUTED)
        assigned = SupportRequestFactory(
            unit=unit, routed_unit=people.icu, state=State.ASSIGNED, assigned_to=people.supporter
        )
        from guardian.shortcuts import assign_perm

        assign_perm("view_request_details", people.supporter, assigned)
        SupportRequestFactory(unit=unit, state=State.ACCEPTED, assigned_to=supporter)
        del index


@pytest.mark.parametrize(
    ("name", "who"),
    [("triage", "central"), ("unit_queue", "icu_lead"), ("assigned", "supporter")],
)
def test_queue_pages_cost_the_same_number_of_queries_at_any_size(
    client, people, name, who, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(getattr(people, who))
    page = reverse(f"support_requests:{name}")
    counts = []
    for size in (2, 10):
        _fill(people, size)
        client.get(page)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(20):
        client.get(page)


def test_the_access_log_is_paginated_and_filters_by_request(client, people):
    request = walk(people, "routed")
    other = walk(people, "submitted", details="another one")
    client.force_login(people.chair)
    response = client.get(reverse("support_requests:access_log"), {"request": str(request.pk)})
    ids = {event.object_id for event in response.context["page"].object_list}
    assert ids == {str(request.pk)}
    assert str(other.pk) not in ids
    assert response.context["page"].paginator.per_page == 50


def test_my_requests_speak_plain_words(client, people):
    walk(people, "routed")
    client.force_login(people.staff)
    page = client.get(reverse("support_requests:mine")).content.decode()
    assert "Passed to the peer support lead of a unit" in page
    assert "Withdraw" in page


def test_a_supporter_asking_for_support_when_closing_gets_their_own_request(client, people):
    request = walk(people, "contacted")
    client.force_login(people.supporter)
    client.post(
        url("close", request),
        {
            "contacts": 1,
            "duration_band": "over_45",
            "referral": "none",
            "supporter_wants_support": "on",
        },
    )
    own = SupportRequest.objects.get(requester=people.supporter)
    assert own.state == State.SUBMITTED and own.not_assign_to == people.staff


def test_the_central_lead_closing_cannot_open_a_request_for_the_supporter(client, people):
    request = walk(people, "contacted")
    client.force_login(people.central)
    client.post(
        url("close", request),
        {
            "contacts": 1,
            "duration_band": "over_45",
            "referral": "none",
            "supporter_wants_support": "on",
        },
    )
    assert SupportRequest.objects.get(pk=request.pk).state == State.CLOSED
    assert not SupportRequest.objects.filter(requester=people.supporter).exists()


@pytest.mark.parametrize(
    ("state", "who", "action", "data"),
    [
        ("submitted", "staff", "assign", {"supporter": "999999"}),
        ("submitted", "staff", "route", {"unit": "1"}),
        ("assigned", "icu_lead", "accept", {}),
        ("accepted", "central", "log_contact", {"on": "2026-01-01", "at": "10:00"}),
        ("routed", "icu_lead", "redirect", {"reason": "hr"}),
    ],
)
def test_an_action_outside_ones_role_is_refused_before_the_form_is_read(
    client, people, state, who, action, data
):
    request = walk(people, state)
    before = snapshot(request)
    client.force_login(getattr(people, who))
    assert client.post(url(action, request), data).status_code == 403
    assert snapshot(request) == before


@pytest.mark.parametrize(
    "data",
    [{"rating": "9", "would_recommend": "yes"}, {"rating": "4"}, {"would_recommend": "maybe"}],
)
def test_a_bad_survey_answer_is_refused_and_nothing_is_stored(client, people, data):
    from support_requests.models import SurveyResponse

    request = walk(people, "closed")
    client.force_login(people.staff)
    response = client.post(url("survey", request), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    assert not SupportRequest.objects.get(pk=request.pk).survey_answered


def test_the_request_page_costs_the_same_number_of_queries_for_any_pool_size(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = walk(people, "triaged")
    client.force_login(people.central)
    counts = []
    for size in (3, 15):
        for _ in range(size):
            SupporterProfileFactory(home_unit=people.ed)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("detail", request)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
