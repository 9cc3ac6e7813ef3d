"""Urgent requests at any hour: the supporter on call claims a "today" request, the central lead
is told and can take it back, and escalation fires at the 30-minute target."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from core.templatetags.ui import day
from roster import selectors as roster_selectors
from roster import services as roster_services
from roster.services import RosterError
from support_requests import access, services
from support_requests.models import State, SupportRequest
from tests.roster.factories import OnCallShiftFactory
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def on_call(people):
    now = timezone.now()
    OnCallShiftFactory(supporter=people.supporter, starts_at=now - HOUR, ends_at=now + HOUR)
    return people.supporter


def last_change(request):
    return (
        AuditEvent.objects.filter(object_type="support_request", object_id=str(request.pk))
        .order_by("-at", "-id")
        .values_list("detail", flat=True)
        .first()
    )


def test_the_supporter_on_call_claims_a_today_request_and_the_central_lead_is_told(people, on_call):
    request = walk(people, State.SUBMITTED, urgency="today")
    assert not access.visible_requests(on_call).filter(pk=request.pk).exists()
    services.claim_urgent(actor=on_call, support_request=request)
    request.refresh_from_db()
    assert request.state == State.ACCEPTED and request.assigned_to == on_call
    assert access.visible_requests(on_call).filter(pk=request.pk).exists()
    assert last_change(request) == "submitted->accepted claimed on call"
    assert Notification.objects.get(kind="request.claimed").recipient == people.central


def test_only_the_supporter_on_call_and_only_a_today_request(people, on_call):
    this_week = walk(people, State.SUBMITTED, urgency="this_week")
    with pytest.raises(services.RequestError):
        services.claim_urgent(actor=on_call, support_request=this_week)
    today = walk(people, State.SUBMITTED, urgency="today")
    with pytest.raises(services.RequestError):
        services.claim_urgent(actor=people.ed_supporter, support_request=today)
    assert SupportRequest.objects.get(pk=today.pk).state == State.SUBMITTED


def test_the_central_lead_takes_a_claimed_request_back(people, on_call):
    request = walk(people, State.SUBMITTED, urgency="today")
    services.claim_urgent(actor=on_call, support_request=request)
    with pytest.raises(services.NotAllowed):
        services.take_back(actor=people.icu_lead, support_request=request)
    services.take_back(actor=people.central, support_request=request)
    request.refresh_from_db()
    assert request.state == State.TRIAGED and request.assigned_to is None
    assert not access.visible_requests(on_call).filter(pk=request.pk).exists()
    assert last_change(request) == "accepted->triaged taken back"
    assert Notification.objects.get(kind="request.taken_back").recipient == on_call


def test_claiming_through_the_assignments_page(
    client, people, on_call, django_assert_max_num_queries
):
    request = walk(people, State.SUBMITTED, urgency="today")
    client.force_login(on_call)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("support_requests:assigned")).content.decode()
    assert "Urgent requests waiting while you are on call" in page
    response = client.post(reverse("support_requests:claim", args=[request.pk]))
    assert response.status_code == 302
    assert SupportRequest.objects.get(pk=request.pk).assigned_to == on_call
    client.force_login(people.ed_supporter)  # not on call: the request does not exist for them
    other = walk(people, State.SUBMITTED, urgency="today")
    assert client.post(reverse("support_requests:claim", args=[other.pk])).status_code == 404


def test_the_on_call_supporter_is_marked_in_suggestions(client, people, on_call):
    request = walk(people, State.TRIAGED, routed=False)
    client.force_login(people.central)
    page = client.get(reverse("support_requests:detail", args=[request.pk])).content.decode()
    assert "On call now" in page


def test_a_today_request_escalates_at_30_minutes_a_this_week_one_after_two_hours(people):
    today = walk(people, State.SUBMITTED, urgency="today")  # sent ten minutes ago
    week = walk(people, State.SUBMITTED, urgency="this_week")
    now = timezone.now()
    assert services.escalate_unassigned(now=now + datetime.timedelta(minutes=15)) == 0
    services.escalate_unassigned(now=now + datetime.timedelta(minutes=21))
    escalated = set(
        Notification.objects.filter(kind="request.unassigned").values_list("subject_id", flat=True)
    )
    assert escalated == {str(today.pk)}
    services.escalate_unassigned(now=now + datetime.timedelta(hours=2))
    escalated = set(
        Notification.objects.filter(kind="request.unassigned").values_list("subject_id", flat=True)
    )
    assert escalated == {str(today.pk), str(week.pk)}


def test_only_trained_supporters_take_shifts(people):
    profile = people.icu_supporter_profile
    profile.trained_on = None
    profile.save()
    now = timezone.now()
    with pytest.raises(RosterError, match="trained"):
        roster_services.sign_up_for_shift(
            supporter=people.supporter, starts_at=now + HOUR, ends_at=now + 2 * HOUR
        )


def test_the_rota_shows_gaps_for_the_coming_two_weeks(client, people):
    assert len(roster_selectors.rota_gap_days()) == 14
    client.force_login(people.central)
    page = client.get(reverse("roster:on_call")).content.decode()
    assert "The next two weeks" in page
    last = timezone.localdate() + datetime.timedelta(days=13)
    assert day(last) in page  # the one date format of every page
    assert page.count('ps-tag--red">Gap<') == 14
