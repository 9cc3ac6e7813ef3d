"""Each transition is one service: its permission check, its state rule, one audit entry."""

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEvent
from support_requests import access, services
from support_requests.models import (
    Intervention,
    Redirection,
    State,
    SupportRequest,
    SurveyResponse,
)
from tests.factories import SupporterProfileFactory
from tests.support_requests.conftest import ALL_STATES, REPORT, intake, walk

pytestmark = pytest.mark.django_db


def state_changes(request):
    return list(
        AuditEvent.objects.filter(
            object_type="support_request", object_id=str(request.pk), action="state_change"
        )
        .order_by("at", "id")
        .values_list("detail", flat=True)
    )


def test_the_whole_path_writes_one_audit_entry_per_transition(people):
    request = walk(people, State.CLOSED)
    assert state_changes(request) == [
        "requester ->submitted",  # by role: the log never names who asked
        "submitted->triaged",
        "triaged->routed",
        "routed->assigned",
        "assigned->accepted",
        "accepted->contacted",
        "contacted->closed",
    ]


def test_closing_keeps_the_long_term_facts_as_an_intervention(people):
    request = walk(people, State.CLOSED)
    fact = Intervention.objects.get()
    assert fact.kind == "request"
    assert fact.category == request.category
    assert fact.unit == people.icu and fact.department == people.icu.parent
    assert fact.contacts == 2 and fact.duration_band == "15_to_45" and fact.referral == "eap"
    assert fact.supporter_role_type == people.icu_supporter_profile.role_type
    assert fact.minutes_to_first_contact is not None
    assert request.follow_up_planned


@pytest.mark.parametrize("state", ALL_STATES)
def test_an_illegal_transition_is_refused_and_changes_nothing(people, state):
    request = walk(people, state)
    before = SupportRequest.objects.filter(pk=request.pk).values().get()
    audit_count = AuditEvent.objects.count()
    attempts = {
        "triage": lambda: services.triage(actor=people.central, support_request=request),
        "accept": lambda: services.accept(actor=people.supporter, support_request=request),
        "contact": lambda: services.log_first_contact(
            actor=people.supporter, support_request=request, contacted_at=timezone.now()
        ),
        "close": lambda: services.close(
            actor=people.supporter, support_request=request, report=REPORT
        ),
    }
    allowed_from = {
        "triage": "submitted",
        "accept": "assigned",
        "contact": "accepted",
        "close": "contacted",
    }
    for name, attempt in attempts.items():
        if allowed_from[name] == state:
            continue
        with pytest.raises(services.RequestError):
            attempt()
    after = SupportRequest.objects.filter(pk=request.pk).values().get()
    after.pop("updated_at"), before.pop("updated_at")
    assert after == before
    assert AuditEvent.objects.filter(action="state_change").count() <= audit_count


def test_only_the_right_people_may_make_each_change(people):
    request = walk(people, State.SUBMITTED)
    for outsider in (
        people.staff,
        people.supporter,
        people.manager,
        people.chair,
        people.superuser,
    ):
        with pytest.raises(services.NotAllowed):
            services.triage(actor=outsider, support_request=request)
    with pytest.raises(services.NotAllowed):
        services.assign_supporter(
            actor=people.ed_lead, support_request=request, supporter=people.ed_supporter
        )
    assigned = walk(people, State.ASSIGNED)
    with pytest.raises(services.NotAllowed):
        services.accept(actor=people.ed_supporter, support_request=assigned)
    with pytest.raises(services.NotAllowed):
        services.withdraw(actor=people.central, support_request=assigned)


def test_a_local_lead_assigns_only_supporters_of_their_units(people):
    request = walk(people, State.ROUTED)
    with pytest.raises(services.RequestError, match="unit you lead"):
        services.assign_supporter(
            actor=people.icu_lead, support_request=request, supporter=people.ed_supporter
        )
    assert SupportRequest.objects.get(pk=request.pk).state == State.ROUTED


def test_an_ineligible_supporter_cannot_be_assigned(people):
    request = walk(people, State.TRIAGED)
    untrained = SupporterProfileFactory(trained_on=None, refresher_due_on=None).user
    with pytest.raises(services.RequestError, match="cannot take"):
        services.assign_supporter(
            actor=people.central, support_request=request, supporter=untrained
        )
    with pytest.raises(services.RequestError):
        services.assign_supporter(
            actor=people.central, support_request=request, supporter=people.staff
        )


def test_assigning_grants_and_declining_revokes_the_supporters_access(people):
    request = walk(people, State.ASSIGNED)
    assert access.visible_requests(people.supporter).filter(pk=request.pk).exists()
    services.decline(actor=people.supporter, support_request=request, reason="conflict")
    request.refresh_from_db()
    assert request.state == State.DECLINED and request.assigned_to is None
    assert request.decline_reason == "conflict"
    assert not access.visible_requests(people.supporter).filter(pk=request.pk).exists()


def test_a_reassigned_supporter_loses_access_at_once(people):
    request = walk(people, State.ACCEPTED, routed=False)
    other = SupporterProfileFactory(home_unit=people.ed).user
    services.reassign(actor=people.central, support_request=request, supporter=other)
    request.refresh_from_db()
    assert request.state == State.ASSIGNED and request.assigned_to == other
    assert not access.visible_requests(people.supporter).filter(pk=request.pk).exists()
    assert access.visible_requests(other).filter(pk=request.pk).exists()


def test_first_contact_cannot_be_in_the_future_or_before_the_request(people):
    request = walk(people, State.ACCEPTED)
    for when in (
        timezone.now() + datetime.timedelta(hours=1),
        request.submitted_at - datetime.timedelta(minutes=5),
    ):
        with pytest.raises(services.RequestError):
            services.log_first_contact(
                actor=people.supporter, support_request=request, contacted_at=when
            )
    assert SupportRequest.objects.get(pk=request.pk).state == State.ACCEPTED


def test_withdrawing_stops_the_request_forgets_details_and_revokes_the_supporter(people):
    request = walk(people, State.ACCEPTED)
    services.withdraw(actor=people.staff, support_request=request)
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN
    assert request.details is None and request.contact_detail is None
    assert not access.visible_requests(people.supporter).filter(pk=request.pk).exists()


def test_redirecting_keeps_only_the_reason(people):
    request = walk(people, State.TRIAGED)
    services.redirect(actor=people.central, support_request=request, reason="eap")
    services.finish_redirections(now=timezone.now() + datetime.timedelta(minutes=11))
    request.refresh_from_db()
    assert request.state == State.REDIRECTED and request.redirect_reason == "eap"
    assert request.details is None and request.contact_detail is None
    assert Redirection.objects.filter(reason="eap").count() == 1


def test_a_supporter_who_wants_support_gets_a_request_never_given_to_the_same_pair(people):
    # The requester is a supporter too: they must not be the one to support their supporter.
    requester_profile = SupporterProfileFactory(home_unit=people.ed)
    request, _ = services.submit_request(
        requester=requester_profile.user, intake=intake(people.icu)
    )
    request = services.assign_supporter(
        actor=people.central, support_request=request, supporter=people.supporter
    )
    request = services.accept(actor=people.supporter, support_request=request)
    request = services.log_first_contact(
        actor=people.supporter, support_request=request, contacted_at=timezone.now()
    )
    services.close(
        actor=people.supporter,
        support_request=request,
        report=services.ClosingReport(
            contacts=1,
            duration_band="under_15",
            referral="none",
            follow_up_planned=False,
            supporter_wants_support=True,
        ),
    )
    own = SupportRequest.objects.get(requester=people.supporter)
    assert own.state == State.SUBMITTED
    with pytest.raises(services.RequestError):
        services.assign_supporter(
            actor=people.central, support_request=own, supporter=requester_profile.user
        )
    services.assign_supporter(
        actor=people.central, support_request=own, supporter=people.ed_supporter
    )


def test_the_survey_is_stored_unlinked_and_answered_once(people):
    request = walk(people, State.CLOSED)
    answer = services.answer_survey(
        actor=people.staff, support_request=request, rating=4, would_recommend=True
    )
    assert answer.month.day == 1
    assert {f.name for f in SurveyResponse._meta.fields} == {
        "id",
        "rating",
        "would_recommend",
        "month",
    }
    with pytest.raises(services.RequestError, match="already"):
        services.answer_survey(
            actor=people.staff, support_request=request, rating=1, would_recommend=False
        )
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(services.NotAllowed):
        services.answer_survey(
            actor=people.supporter, support_request=request, rating=5, would_recommend=True
        )


def test_a_survey_before_closure_is_refused(people):
    request = walk(people, State.CONTACTED)
    with pytest.raises(services.RequestError):
        services.answer_survey(
            actor=people.staff, support_request=request, rating=5, would_recommend=True
        )
