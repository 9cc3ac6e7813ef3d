"""Scheduled work: session reminders and refresher notices, each sent once however often it runs."""

import datetime

from django.utils import timezone

from core.models import Notification
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory
from training import tasks
from training.schedule import BEAT_SCHEDULE


def test_each_beat_job_names_a_real_task():
    for job in BEAT_SCHEDULE.values():
        name = job["task"].rsplit(".", 1)[-1]
        assert callable(getattr(tasks, name))


def test_a_reminder_goes_once_to_each_person_enrolled_in_a_session_starting_soon(people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "SESSION_REMINDER_HOURS": 24}
    soon = TrainingSessionFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    later = TrainingSessionFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    EnrolmentFactory(session=soon, user=people.staff)
    EnrolmentFactory(session=soon, user=people.chair, status="waitlisted")
    EnrolmentFactory(session=later, user=people.supporter)

    assert tasks.send_session_reminders() == 1
    assert tasks.send_session_reminders() == 0

    reminders = Notification.objects.filter(kind="training.session_reminder")
    assert list(reminders.values_list("recipient", flat=True)) == [people.staff.pk]


def test_a_cancelled_session_sends_no_reminder(people):
    soon = TrainingSessionFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=5), status="cancelled"
    )
    EnrolmentFactory(session=soon, user=people.staff)
    assert tasks.send_session_reminders() == 0


def test_refresher_notices_go_once_when_coming_due_and_once_when_overdue(people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "REFRESHER_NOTICE_DAYS": 60}
    today = timezone.localdate()
    coming = people.icu_supporter_profile
    coming.refresher_due_on = today + datetime.timedelta(days=30)
    coming.save()
    overdue = people.ed_supporter.supporter_profile
    overdue.refresher_due_on = today - datetime.timedelta(days=1)
    overdue.save()

    assert tasks.send_refresher_notices() == 2
    assert tasks.send_refresher_notices() == 0

    assert Notification.objects.filter(
        recipient=people.supporter, kind="training.refresher_due"
    ).exists()
    assert Notification.objects.filter(
        recipient=people.ed_supporter, kind="training.refresher_overdue"
    ).exists()


def test_no_refresher_notice_far_ahead_of_the_due_date(people):
    profile = people.icu_supporter_profile
    profile.refresher_due_on = timezone.localdate() + datetime.timedelta(days=400)
    profile.save()
    people.ed_supporter.supporter_profile.delete()
    assert tasks.send_refresher_notices() == 0
