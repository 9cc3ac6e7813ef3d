"""Scheduled work: each job does its work once, however often it runs, and a request
sent while the broker is down is never lost."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.models import Notification
from core.notifications import deliver_pending
from support_requests import services, tasks
from support_requests.models import State, SupportRequest
from tests.support_requests.conftest import intake_post, walk

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def kinds(recipient=None):
    notices = Notification.objects.all()
    if recipient is not None:
        notices = notices.filter(recipient=recipient)
    return sorted(notices.values_list("kind", flat=True))


def run_every_job_once():
    # Giving an unaccepted request back makes it unassigned: chase before escalating.
    tasks.chase_unaccepted()
    tasks.escalate_unassigned()
    tasks.remind_no_contact()
    tasks.remind_follow_up()
    tasks.purge_closed_requests()
    deliver_pending()


def test_a_new_request_notifies_the_central_leads_at_once(people):
    walk(people, "submitted")
    assert kinds(people.central) == ["request.new"]


def test_an_unassigned_request_is_escalated_once_after_the_threshold(people):
    request = walk(people, "routed")
    tasks.escalate_unassigned()
    assert "request.unassigned" not in kinds()
    with time_machine.travel(request.submitted_at + 3 * HOUR):
        assert tasks.escalate_unassigned() == 2  # the central lead and the ICU lead
        assert tasks.escalate_unassigned() == 0
    assert kinds(people.icu_lead).count("request.unassigned") == 1


def test_an_unaccepted_assignment_is_reminded_then_given_back_to_the_lead(people):
    request = walk(people, "assigned")
    with time_machine.travel(request.assigned_at + 5 * HOUR):
        tasks.chase_unaccepted()
        tasks.chase_unaccepted()
    assert kinds(people.supporter).count("request.remind_accept") == 1
    assert SupportRequest.objects.get(pk=request.pk).state == State.ASSIGNED
    with time_machine.travel(request.assigned_at + 9 * HOUR):
        tasks.chase_unaccepted()
        tasks.chase_unaccepted()
    request.refresh_from_db()
    assert request.state == State.DECLINED and request.decline_reason == "no_answer"
    assert request.assigned_to is None
    assert kinds(people.icu_lead).count("request.declined") == 1


def test_a_missing_first_contact_is_reminded_once(people):
    request = walk(people, "accepted")
    with time_machine.travel(request.accepted_at + 25 * HOUR):
        tasks.remind_no_contact()
        tasks.remind_no_contact()
    assert kinds(people.supporter).count("request.remind_contact") == 1


def test_a_planned_follow_up_is_reminded_once_after_the_interval(people):
    request = walk(people, "closed")
    tasks.remind_follow_up()
    assert "request.follow_up" not in kinds()
    with time_machine.travel(request.first_contact_at + datetime.timedelta(days=8)):
        tasks.remind_follow_up()
        tasks.remind_follow_up()
    assert kinds(people.supporter).count("request.follow_up") == 1


def test_every_job_run_twice_sends_nothing_twice(people):
    requests = {
        state: walk(people, state) for state in ("routed", "assigned", "accepted", "closed")
    }
    deliver_pending()
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        run_every_job_once()
        first_run = len(mail.outbox)
        notices = Notification.objects.count()
        run_every_job_once()
    assert first_run > 0, "the jobs had work to do"
    assert len(mail.outbox) == first_run
    assert Notification.objects.count() == notices
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
    assert SupportRequest.objects.get(pk=requests["closed"].pk).purged_at is not None


def test_a_request_sent_while_the_broker_is_down_is_saved_and_its_notice_sent_once_later(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people.staff)
    broken = mock.patch(
        "celery.app.task.Task.apply_async", side_effect=OperationalError("broker unreachable")
    )
    with broken as apply_async, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support_requests:new"), intake_post(people.icu))
    assert response.status_code == 200
    assert apply_async.called  # it tried, and failed quietly
    assert SupportRequest.objects.count() == 1
    assert Notification.objects.filter(kind="request.new", sent_at__isnull=True).count() == 1
    assert mail.outbox == []
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    assert [m.to for m in mail.outbox] == [[people.central.email]]


def test_the_beat_schedule_names_real_tasks():
    from support_requests.schedule import BEAT_SCHEDULE

    for entry in BEAT_SCHEDULE.values():
        module, name = entry["task"].rsplit(".", 1)
        assert module == "support_requests.tasks" and hasattr(tasks, name)


def test_services_return_zero_when_there_is_nothing_to_do(people):
    assert services.escalate_unassigned() == 0
    assert services.purge_expired() == 0


def test_a_today_request_pages_the_on_call_supporter_as_well(people):
    from roster.models import OnCallShift

    now = timezone.now()
    OnCallShift.objects.create(
        supporter=people.ed_supporter, starts_at=now - HOUR, ends_at=now + HOUR
    )
    OnCallShift.objects.create(  # off shift now: not paged
        supporter=people.supporter, starts_at=now + HOUR, ends_at=now + 2 * HOUR
    )
    walk(people, "submitted", urgency="today")
    assert kinds(people.ed_supporter) == ["request.on_call"]
    assert kinds(people.supporter) == []
    assert kinds(people.central) == ["request.new"]


def test_a_this_week_request_does_not_page_the_on_call_supporter(people):
    from roster.models import OnCallShift

    now = timezone.now()
    OnCallShift.objects.create(
        supporter=people.ed_supporter, starts_at=now - HOUR, ends_at=now + HOUR
    )
    walk(people, "submitted", urgency="this_week")
    assert kinds(people.ed_supporter) == []
