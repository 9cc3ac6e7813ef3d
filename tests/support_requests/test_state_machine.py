"""For any sequence of attempts by anyone, the request stays consistent (hypothesis):
a refused attempt changes nothing, every accepted one writes one audit entry, and only the
supporter currently holding the request has the details grant."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent
from support_requests import access, services
from support_requests.models import Intervention, State, SupportRequest
from tests.support_requests.conftest import REPORT, intake

ACTORS = ["staff", "supporter", "ed_supporter", "icu_lead", "ed_lead", "central", "chair"]
ACTIONS = [
    "triage",
    "route",
    "assign",
    "reassign",
    "accept",
    "decline",
    "contact",
    "close",
    "withdraw",
    "redirect",
]
HOLDING = {State.ASSIGNED, State.ACCEPTED, State.CONTACTED, State.CLOSED}


def attempt(people, actor_name, action, request):
    actor = people.ed_supporter if actor_name == "ed_supporter" else getattr(people, actor_name)
    other = people.ed_supporter if actor_name != "ed_supporter" else people.supporter
    calls = {
        "triage": lambda: services.triage(actor=actor, support_request=request),
        "route": lambda: services.route_to_unit(
            actor=actor, support_request=request, unit=people.icu
        ),
        "assign": lambda: services.assign_supporter(
            actor=actor, support_request=request, supporter=people.supporter
        ),
        "reassign": lambda: services.reassign(
            actor=actor, support_request=request, supporter=other
        ),
        "accept": lambda: services.accept(actor=actor, support_request=request),
        "decline": lambda: services.decline(
            actor=actor, support_request=request, reason="unavailable"
        ),
        "contact": lambda: services.log_first_contact(
            actor=actor, support_request=request, contacted_at=timezone.now()
        ),
        "close": lambda: services.close(actor=actor, support_request=request, report=REPORT),
        "withdraw": lambda: services.withdraw(actor=actor, support_request=request),
        "redirect": lambda: services.redirect(actor=actor, support_request=request, reason="hr"),
    }
    return calls[action]()


def snapshot(request):
    row = SupportRequest.objects.filter(pk=request.pk).values().get()
    row.pop("updated_at")
    return row


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(ACTIONS)), max_size=12))
def test_any_sequence_of_attempts_keeps_the_request_consistent(people, steps):
    with transaction.atomic():
        request, _ = services.submit_request(requester=people.staff, intake=intake(people.icu))
        SupportRequest.objects.filter(pk=request.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(hours=1)
        )
        request.refresh_from_db()
        accepted = 1
        for actor_name, action in steps:
            before = snapshot(request)
            try:
                request = attempt(people, actor_name, action, request)
            except services.RequestError:
                assert snapshot(request) == before
            else:
                accepted += 1
            request.refresh_from_db()
            for supporter in (people.supporter, people.ed_supporter):
                sees = access.visible_requests(supporter).filter(pk=request.pk).exists()
                holds = request.assigned_to_id == supporter.pk and request.state in HOLDING
                assert sees == holds, (steps, supporter.email)
        changes = AuditEvent.objects.filter(
            action="state_change", object_id=str(request.pk)
        ).count()
        assert changes == accepted
        assert Intervention.objects.count() == (1 if request.state == State.CLOSED else 0)
        transaction.set_rollback(True)
