"""Every request reaches an end: closed without contact, re-routed, taken back or handed back."""

import pytest
from django.urls import reverse

from core.models import AuditEvent, Notification
from support_requests import services
from support_requests.models import ContactAttempt, Intervention, State, SupportRequest
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db


def url(name, request):
    return reverse(f"support_requests:{name}", args=[request.pk])


def last_change(request) -> str:
    return (
        AuditEvent.objects.filter(object_type="support_request", object_id=str(request.pk))
        .order_by("-at", "-id")
        .values_list("detail", flat=True)
        .first()
    )


def notices(kind):
    return list(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_a_supporter_closes_without_contact_as_an_attempt_not_an_intervention(people):
    request = walk(people, State.ACCEPTED)
    before = AuditEvent.objects.count()
    closed = services.close_without_contact(
        actor=people.supporter, support_request=request, reason="could_not_reach", attempts=3
    )
    assert closed.state == State.CLOSED and closed.closed_at is not None
    assert closed.no_contact_reason == "could_not_reach" and closed.contact_attempts == 3
    assert AuditEvent.objects.count() == before + 1
    assert last_change(request) == "accepted->closed no contact could_not_reach x3"
    assert Intervention.objects.count() == 0
    attempt = ContactAttempt.objects.get()
    assert (attempt.reason, attempt.attempts, attempt.unit) == ("could_not_reach", 3, people.icu)
    assert notices("request.closed_no_contact") == [people.staff.email]
    # Not an intervention: no survey to answer, and it leaves every open queue.
    with pytest.raises(services.RequestError):
        services.answer_survey(
            actor=people.staff, support_request=closed, rating=5, would_recommend=True
        )
    assert not SupportRequest.objects.filter(pk=request.pk, state__in=services.OPEN_STATES)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ROUTED, State.ASSIGNED])
def test_the_central_lead_may_close_without_contact_before_anyone_reached_them(people, state):
    request = walk(people, state)
    services.close_without_contact(
        actor=people.central, support_request=request, reason="could_not_reach", attempts=2
    )
    assert SupportRequest.objects.get(pk=request.pk).state == State.CLOSED


@pytest.mark.parametrize("state", [State.CONTACTED, State.CLOSED, State.WITHDRAWN])
def test_a_request_already_contacted_or_ended_cannot_be_closed_without_contact(people, state):
    request = walk(people, state)
    with pytest.raises(services.RequestError):
        services.close_without_contact(
            actor=people.central, support_request=request, reason="could_not_reach", attempts=2
        )
    assert ContactAttempt.objects.count() == 0


def test_the_requester_and_another_supporter_may_not_close_without_contact(people):
    request = walk(people, State.ACCEPTED)
    for outsider in (people.staff, people.ed_supporter, people.ed_lead):
        with pytest.raises(services.NotAllowed):
            services.close_without_contact(
                actor=outsider, support_request=request, reason="could_not_reach", attempts=2
            )


def test_the_central_lead_reroutes_to_another_unit_and_both_leads_are_told(people):
    request = walk(people, State.ROUTED)
    services.route_to_unit(actor=people.central, support_request=request, unit=people.ed)
    request.refresh_from_db()
    assert request.routed_unit == people.ed and request.state == State.ROUTED
    assert last_change(request) == "routed->routed"
    assert people.ed_lead.email in notices("request.routed")
    assert notices("request.rerouted") == [people.icu_lead.email]
    with pytest.raises(services.RequestError):
        services.route_to_unit(actor=people.central, support_request=request, unit=people.ed)


def test_the_central_lead_takes_a_routed_request_back_into_triage(people):
    request = walk(people, State.ROUTED)
    services.return_to_triage(actor=people.central, support_request=request)
    request.refresh_from_db()
    assert request.state == State.TRIAGED and request.routed_unit is None
    assert last_change(request) == "routed->triaged back to central"
    assert notices("request.rerouted") == [people.icu_lead.email]
    with pytest.raises(services.NotAllowed):
        services.return_to_triage(actor=people.icu_lead, support_request=walk(people, "routed"))


def test_a_local_lead_hands_a_request_back_with_a_reason(people):
    request = walk(people, State.ROUTED)
    services.hand_back(actor=people.icu_lead, support_request=request, reason="no_supporter")
    request.refresh_from_db()
    assert request.state == State.TRIAGED and request.routed_unit is None
    assert request.handed_back_reason == "no_supporter"
    assert last_change(request) == "routed->triaged handed back no_supporter"
    assert notices("request.handed_back") == [people.central.email]
    # Routed again, the flag goes.
    services.route_to_unit(actor=people.central, support_request=request, unit=people.ed)
    request.refresh_from_db()
    assert request.handed_back_reason == ""


def test_only_the_lead_of_the_routed_unit_may_hand_back(people):
    request = walk(people, State.ROUTED)
    with pytest.raises(services.NotAllowed):
        services.hand_back(actor=people.ed_lead, support_request=request, reason="no_supporter")
    with pytest.raises(services.RequestError):
        services.hand_back(actor=people.icu_lead, support_request=request, reason="")


def test_hand_back_and_close_without_contact_through_the_pages(
    client, people, django_assert_max_num_queries
):
    request = walk(people, State.ROUTED)
    client.force_login(people.icu_lead)
    with django_assert_max_num_queries(40):
        page = client.get(url("detail", request)).content.decode()
    assert "Hand it back to the central lead" in page
    # No reason preselected: posting nothing is refused.
    assert client.post(url("hand_back", request), {}).status_code == 400
    response = client.post(url("hand_back", request), {"reason": "not_our_unit"})
    assert response.status_code == 302 and response.url == reverse("home")
    client.force_login(people.central)
    queue = client.get(reverse("support_requests:triage")).content.decode()
    assert "Handed back" in queue
    page = client.get(url("detail", request)).content.decode()
    assert "Close without contact" in page
    response = client.post(
        url("close_no_contact", request), {"reason": "could_not_reach", "attempts": "3"}
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get(pk=request.pk).no_contact_reason == "could_not_reach"
    assert "Handed back" not in client.get(reverse("support_requests:triage")).content.decode()


def test_reroute_and_take_back_through_the_pages(client, people):
    request = walk(people, State.ROUTED)
    client.force_login(people.central)
    page = client.get(url("detail", request)).content.decode()
    assert "Take it back into central triage" in page
    client.post(url("route", request), {"unit": people.ed.pk})
    assert SupportRequest.objects.get(pk=request.pk).routed_unit == people.ed
    client.post(url("return_to_triage", request))
    assert SupportRequest.objects.get(pk=request.pk).state == State.TRIAGED
