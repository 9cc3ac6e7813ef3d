"""A leaver, by any path: deactivate_user ends everything that waits on them (one test per effect)."""

import datetime

import pytest
from django.utils import timezone

from committees.models import Attendance, Meeting, MeetingKind
from committees.selectors import invitees
from core.models import AuditEvent, Notification
from identity.models import DeactivationReason
from identity.services import deactivate_user
from roster.models import OnCallShift, SupporterStatus
from support_requests.models import RequestPermissionGrant, State, SupportRequest
from tests import factories
from tests.factories import PASSWORD
from tests.roster.factories import OnCallShiftFactory
from tests.support_requests.conftest import walk


def leave(people):
    return deactivate_user(user=people.supporter, actor=people.manager, reason="left")


def test_their_sessions_end_and_their_password_stops_working(client, people):
    client.force_login(people.supporter)
    assert client.get("/").status_code == 200

    leave(people)

    assert client.get("/").status_code == 302
    client.post("/accounts/login/", {"login": people.supporter.email, "password": PASSWORD})
    assert not client.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("state", [State.ASSIGNED, State.ACCEPTED, State.CONTACTED])
def test_their_open_requests_go_back_to_the_lead_with_a_notice(people, state):
    request = walk(people, state)

    leave(people)

    request.refresh_from_db()
    assert (request.state, request.assigned_to) == (State.DECLINED, None)
    assert Notification.objects.filter(
        recipient=people.icu_lead, kind="request.declined", subject_id=str(request.pk)
    ).exists()


def test_a_closed_request_stays_closed_and_every_grant_goes(people):
    open_request = walk(people, State.ACCEPTED)
    closed = walk(people, State.CLOSED, details="A second, different request.")
    assert RequestPermissionGrant.objects.filter(user=people.supporter).exists()

    leave(people)

    assert not RequestPermissionGrant.objects.filter(user=people.supporter).exists()
    assert SupportRequest.objects.get(pk=closed.pk).state == State.CLOSED
    assert SupportRequest.objects.get(pk=open_request.pk).state == State.DECLINED


def test_they_come_off_the_rota_from_now_on(people):
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    past = OnCallShiftFactory(supporter=people.supporter, starts_at=now - 30 * hours)
    current = OnCallShiftFactory(supporter=people.supporter, starts_at=now - 2 * hours)
    future = OnCallShiftFactory(supporter=people.supporter, starts_at=now + 20 * hours)
    someone_else = OnCallShiftFactory(supporter=people.ed_supporter, starts_at=now + 20 * hours)

    leave(people)

    assert not OnCallShift.objects.filter(pk=future.pk).exists()
    current.refresh_from_db()
    assert current.ends_at <= timezone.now() and current.ends_at > now - hours
    assert OnCallShift.objects.get(pk=past.pk).ends_at == past.ends_at
    assert OnCallShift.objects.filter(pk=someone_else.pk).exists()


def test_their_supporter_profile_is_retired_so_matching_passes_them_by(people):
    leave(people)

    profile = people.supporter.supporter_profile
    profile.refresh_from_db()
    assert (profile.status, profile.is_available) == (SupporterStatus.RETIRED, False)
    assert profile.status_changes.first().to_status == SupporterStatus.RETIRED


def test_they_leave_their_committees_and_future_meetings_but_past_attendance_stays(people):
    membership = factories.CommitteeMembershipFactory(user=people.supporter)
    meeting = Meeting.objects.create(
        committee=membership.committee,
        kind=MeetingKind.COMMITTEE,
        title="Monthly",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    Attendance.objects.create(
        meeting=meeting, occurrence_on=timezone.localdate(), user=people.supporter
    )
    assert people.supporter in invitees(meeting)

    leave(people)

    assert people.supporter not in invitees(meeting)
    assert not people.supporter.committee_memberships.exists()
    assert Attendance.objects.filter(user=people.supporter).count() == 1


def test_one_audit_event_says_who_switched_whom_off_and_why(people):
    walk(people, State.ACCEPTED)
    before = AuditEvent.objects.filter(object_type="user").count()

    leave(people)

    events = AuditEvent.objects.filter(object_type="user").order_by("-id")
    assert events.count() == before + 1
    event = events.first()
    assert (event.actor_id, event.object_id) == (people.manager.pk, str(people.supporter.pk))
    assert event.detail == "deactivated: left"


def test_deactivating_twice_changes_nothing_more(people):
    leave(people)
    events = AuditEvent.objects.count()

    again = leave(people)

    assert not again.is_active
    assert AuditEvent.objects.count() == events


def test_only_known_reasons_are_accepted(people):
    with pytest.raises(ValueError):
        deactivate_user(user=people.supporter, actor=None, reason="because")
    assert {reason.value for reason in DeactivationReason} >= {"left", "scim_deactivated"}
    people.supporter.refresh_from_db()
    assert people.supporter.is_active
