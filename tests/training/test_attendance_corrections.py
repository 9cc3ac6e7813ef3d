"""The program manager corrects attendance and session dates; training dates follow what remains."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from tests.training.factories import CourseFactory, EnrolmentFactory, TrainingSessionFactory
from training import services
from training.models import CompletionEffect

pytestmark = pytest.mark.django_db


def session_on(course, days_ago):
    return TrainingSessionFactory(
        course=course, starts_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def untrained(people):
    profile = people.icu_supporter_profile
    profile.trained_on = profile.refresher_due_on = None
    profile.save()
    return profile


def test_unticking_the_only_certifying_session_makes_the_supporter_untrained(client, people):
    profile = untrained(people)
    session = session_on(CourseFactory(completion_effect=CompletionEffect.CERTIFIES), 1)
    EnrolmentFactory(session=session, user=people.supporter)
    services.mark_attendance(
        actor=people.manager, session=session, attended_user_ids={people.supporter.pk}
    )
    profile.refresh_from_db()
    held_on = profile.trained_on
    assert profile.is_trained

    client.force_login(people.manager)
    response = client.post(reverse("training:attendance", args=[session.pk]), {})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.trained_on is None and profile.refresher_due_on is None
    assert not profile.is_trained
    event = AuditEvent.objects.filter(object_type="roster.supporterprofile").order_by("-id")[0]
    due = held_on + relativedelta(months=24)
    assert event.detail == f"trained {held_on:%Y%m%d}->none due {due:%Y%m%d}->none"


def test_unticking_keeps_what_other_attended_sessions_give(people):
    profile = untrained(people)
    certifying = CourseFactory(completion_effect=CompletionEffect.CERTIFIES)
    refresher = CourseFactory(
        completion_effect=CompletionEffect.RENEWS, refresher_interval_months=12
    )
    first = session_on(certifying, 400)
    renewal = session_on(refresher, 30)
    second = session_on(certifying, 2)
    for session in (first, renewal, second):
        EnrolmentFactory(session=session, user=people.supporter)
        services.mark_attendance(
            actor=people.manager, session=session, attended_user_ids={people.supporter.pk}
        )
    services.mark_attendance(actor=people.manager, session=second, attended_user_ids=set())
    profile.refresh_from_db()
    assert profile.trained_on == timezone.localdate(first.starts_at)
    assert profile.refresher_due_on == max(
        timezone.localdate(first.starts_at) + relativedelta(months=24),
        timezone.localdate(renewal.starts_at) + relativedelta(months=12),
    )


def test_correcting_a_session_date_moves_the_training_dates_and_logs_the_old_date(people):
    profile = untrained(people)
    course = CourseFactory(completion_effect=CompletionEffect.CERTIFIES)
    session = session_on(course, 3)
    EnrolmentFactory(session=session, user=people.supporter)
    services.mark_attendance(
        actor=people.manager, session=session, attended_user_ids={people.supporter.pk}
    )
    old_day = timezone.localdate(session.starts_at)
    new_start = session.starts_at - datetime.timedelta(days=1)
    services.update_session(
        actor=people.manager,
        session=session,
        starts_at=new_start,
        place=session.place,
        video_link="",
        capacity=session.capacity,
        facilitators=[],
    )
    profile.refresh_from_db()
    assert profile.trained_on == timezone.localdate(new_start)
    details = AuditEvent.objects.filter(object_type="training.trainingsession").values_list(
        "detail", flat=True
    )
    assert f"session date {old_day:%Y%m%d}->{timezone.localdate(new_start):%Y%m%d}" in details
