"""Attendance: marked by facilitators or the program manager; certifying courses train supporters."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import CourseFactory, EnrolmentFactory, TrainingSessionFactory
from training import services
from training.models import CompletionEffect


def held(course, people):
    return TrainingSessionFactory(
        course=course,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        facilitators=[people.education],
    )


def test_attending_the_initial_course_trains_a_supporter_and_sets_the_refresher_date(
    client, people
):
    profile = people.icu_supporter_profile
    profile.trained_on = profile.refresher_due_on = None
    profile.save()
    course = CourseFactory(
        completion_effect=CompletionEffect.CERTIFIES, refresher_interval_months=24
    )
    session = held(course, people)
    EnrolmentFactory(session=session, user=people.supporter)

    client.force_login(people.education)
    response = client.post(
        reverse("training:attendance", args=[session.pk]), {"attended": [people.supporter.pk]}
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    held_on = timezone.localdate(session.starts_at)
    assert profile.trained_on == held_on
    assert profile.refresher_due_on == held_on + relativedelta(months=24)
    assert profile.is_trained


def test_a_refresher_renews_the_refresher_date(people):
    profile = people.icu_supporter_profile
    profile.refresher_due_on = timezone.localdate() + datetime.timedelta(days=10)
    profile.save()
    trained_on = profile.trained_on
    session = held(CourseFactory(completion_effect=CompletionEffect.RENEWS), people)
    EnrolmentFactory(session=session, user=people.supporter)

    services.mark_attendance(
        actor=people.manager, session=session, attended_user_ids={people.supporter.pk}
    )

    profile.refresh_from_db()
    assert profile.trained_on == trained_on
    assert profile.refresher_due_on == timezone.localdate(session.starts_at) + relativedelta(
        months=24
    )


def test_a_refresher_does_not_train_someone_never_trained(people):
    profile = people.icu_supporter_profile
    profile.trained_on = profile.refresher_due_on = None
    profile.save()
    session = held(CourseFactory(completion_effect=CompletionEffect.RENEWS), people)
    EnrolmentFactory(session=session, user=people.supporter)
    services.mark_attendance(
        actor=people.manager, session=session, attended_user_ids={people.supporter.pk}
    )
    profile.refresh_from_db()
    assert profile.trained_on is None and profile.refresher_due_on is None


def test_absence_changes_nothing_on_the_roster(people):
    profile = people.icu_supporter_profile
    before = (profile.trained_on, profile.refresher_due_on)
    session = held(CourseFactory(completion_effect=CompletionEffect.CERTIFIES), people)
    enrolment = EnrolmentFactory(session=session, user=people.supporter)
    services.mark_attendance(actor=people.manager, session=session, attended_user_ids=set())
    profile.refresh_from_db()
    enrolment.refresh_from_db()
    assert enrolment.attended is False
    assert (profile.trained_on, profile.refresher_due_on) == before


def test_attendance_cannot_be_marked_before_the_session_starts(people, upcoming_session):
    with pytest.raises(services.TrainingError, match="once the session has started"):
        services.mark_attendance(
            actor=people.manager, session=upcoming_session, attended_user_ids=set()
        )


def test_someone_who_does_not_facilitate_the_session_gets_403(client, people, held_session):
    other_facilitator = TrainingSessionFactory(
        starts_at=held_session.starts_at, facilitators=[people.staff]
    )
    client.force_login(people.staff)
    assert client.get(reverse("training:attendance", args=[held_session.pk])).status_code == 403
    assert (
        client.get(reverse("training:attendance", args=[other_facilitator.pk])).status_code == 200
    )


def test_the_attendance_form_lists_only_enrolled_people(client, people, held_session):
    EnrolmentFactory(session=held_session, user=people.supporter)
    EnrolmentFactory(session=held_session, user=people.staff, status="waitlisted")
    client.force_login(people.manager)
    page = client.get(reverse("training:attendance", args=[held_session.pk])).content.decode()
    assert people.supporter.display_name in page
    assert people.staff.display_name not in page
