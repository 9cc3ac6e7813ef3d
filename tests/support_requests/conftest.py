"""Fixtures of the request workflow: a valid intake, and requests walked into any state."""

import datetime

import pytest
from django.utils import timezone

from support_requests import services
from support_requests.models import State, SupportRequest

SECRET_TEXT = "The family shouted at me after the code blue in bed twelve"
REQUESTER_CONTACT = "555-0199"


def intake_post(home, **overrides) -> dict:
    data = {
        "need": "me",
        "colleague_name": "",
        "category": "adverse_event",
        "unit": str(home.pk),
        "urgency": "today",
        "contact_method": "phone",
        "contact_detail": REQUESTER_CONTACT,
        "contact_time": "after 3 pm",
        "preferred_role": "any",
        "requester_role_type": "",
        "language": "en",
        "details": SECRET_TEXT,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def intake(unit, **overrides) -> services.Intake:
    values = {
        "for_colleague": False,
        "colleague_name": "",
        "category": "adverse_event",
        "unit": unit,
        "contact_method": "phone",
        "contact_time": "after 3 pm",
        "contact_detail": REQUESTER_CONTACT,
        "preferred_role": "any",
        "requester_role_type": "",
        "outside_own_unit": False,
        "urgency": "today",
        "language": "en",
        "details": SECRET_TEXT,
    }
    values.update(overrides)
    return services.Intake(**values)


REPORT = services.ClosingReport(
    contacts=2, duration_band="15_to_45", referral="eap", follow_up_planned=True
)

# The path to each state, from a fresh submission.
ALL_STATES = [state.value for state in State]


def walk(people, to_state: str, *, routed: bool = True, **intake_overrides):
    """A request by people.staff from the ICU, moved to `to_state` through the services."""
    request, _ = services.submit_request(
        requester=people.staff, intake=intake(people.icu, **intake_overrides)
    )
    # Sent ten minutes ago, so the first contact can be logged "a minute ago".
    request.submitted_at -= datetime.timedelta(minutes=10)
    SupportRequest.objects.filter(pk=request.pk).update(submitted_at=request.submitted_at)
    central, supporter = people.central, people.supporter
    if to_state == State.SUBMITTED:
        return request
    if to_state == State.REDIRECTED:
        return services.redirect(actor=central, support_request=request, reason="hr")
    if to_state == State.WITHDRAWN:
        return services.withdraw(actor=people.staff, support_request=request)
    request = services.triage(actor=central, support_request=request)
    if to_state == State.TRIAGED:
        return request
    if routed:
        request = services.route_to_unit(actor=central, support_request=request, unit=people.icu)
        if to_state == State.ROUTED:
            return request
    lead = people.icu_lead if routed else central
    request = services.assign_supporter(actor=lead, support_request=request, supporter=supporter)
    if to_state == State.ASSIGNED:
        return request
    if to_state == State.DECLINED:
        return services.decline(actor=supporter, support_request=request, reason="unavailable")
    request = services.accept(actor=supporter, support_request=request)
    if to_state == State.ACCEPTED:
        return request
    request = services.log_first_contact(
        actor=supporter,
        support_request=request,
        contacted_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    if to_state == State.CONTACTED:
        return request
    return services.close(actor=supporter, support_request=request, report=REPORT)


@pytest.fixture
def walk_to(people):
    def _walk(to_state, **kwargs):
        return walk(people, to_state, **kwargs)

    return _walk
