"""Scheduling, changing and cancelling sessions; courses; list pages that do not grow in queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Notification
from core.templatetags.ui import clock, day, when
from tests.factories import UserFactory
from tests.training.factories import (
    CourseFactory,
    EnrolmentFactory,
    FeedbackResponseFactory,
    TrainingSessionFactory,
)
from training.models import Course, EnrolmentStatus, SessionStatus, TrainingSession

pytestmark = pytest.mark.django_db


def session_form(course, **overrides):
    starts = timezone.localtime() + datetime.timedelta(days=10)
    return {
        "course": course.pk,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "place": "Education Centre, Room 4",
        "video_link": "",
        "capacity": "12",
        **overrides,
    }


def test_the_manager_schedules_a_session_with_an_education_facilitator(client, people):
    course = Course.objects.get(slug="active-listening")
    client.force_login(people.manager)
    response = client.post(
        reverse("training:session_new"), session_form(course, facilitators=[people.education.pk])
    )
    session = TrainingSession.objects.get(place="Education Centre, Room 4")
    assert response["Location"] == reverse("training:session", args=[session.pk])
    assert list(session.facilitators.all()) == [people.education]
    assert session.ends_at - session.starts_at == datetime.timedelta(
        minutes=course.duration_minutes
    )
    assert timezone.is_aware(session.starts_at)


def test_a_session_needs_a_place_or_a_video_link(client, people):
    client.force_login(people.manager)
    response = client.post(
        reverse("training:session_new"),
        session_form(CourseFactory(), place=""),
    )
    assert response.status_code == 200
    assert "Give a place or a video link" in response.content.decode()
    assert not TrainingSession.objects.filter(course__slug__startswith="course-").exists()


def test_only_education_committee_members_may_facilitate(client, people):
    client.force_login(people.manager)
    response = client.post(
        reverse("training:session_new"),
        session_form(CourseFactory(), facilitators=[people.staff.pk]),
    )
    assert response.status_code == 200
    assert not TrainingSession.objects.filter(place="Education Centre, Room 4").exists()


def test_changing_the_time_tells_everyone_enrolled(client, people, upcoming_session):
    EnrolmentFactory(session=upcoming_session, user=people.staff)
    client.force_login(people.manager)
    form = session_form(upcoming_session.course, place="Room 8")
    del form["course"]
    response = client.post(reverse("training:session_edit", args=[upcoming_session.pk]), form)
    assert response.status_code == 302
    upcoming_session.refresh_from_db()
    assert upcoming_session.place == "Room 8" and upcoming_session.sequence == 1
    assert Notification.objects.filter(
        recipient=people.staff, kind="training.session_updated"
    ).exists()


def test_capacity_cannot_drop_below_the_people_enrolled(client, people, upcoming_session):
    EnrolmentFactory(session=upcoming_session)
    EnrolmentFactory(session=upcoming_session)
    client.force_login(people.manager)
    form = session_form(upcoming_session.course, capacity="1")
    del form["course"]
    response = client.post(reverse("training:session_edit", args=[upcoming_session.pk]), form)
    assert response.status_code == 200
    assert "cannot be lower" in response.content.decode()
    upcoming_session.refresh_from_db()
    assert upcoming_session.capacity == 2


def test_the_manager_cancels_a_session(client, people, upcoming_session):
    client.force_login(people.manager)
    client.post(
        reverse("training:session_cancel", args=[upcoming_session.pk]), {"confirmed": "yes"}
    )
    upcoming_session.refresh_from_db()
    assert upcoming_session.status == SessionStatus.CANCELLED


def test_cancelling_a_session_says_what_will_happen_first(client, people, upcoming_session):
    client.force_login(people.manager)
    page = client.post(reverse("training:session_cancel", args=[upcoming_session.pk]))
    assert "This is what will happen" in page.content.decode()
    assert "Yes, cancel the session" in page.content.decode()
    upcoming_session.refresh_from_db()
    assert upcoming_session.status != SessionStatus.CANCELLED


def test_a_session_already_held_cannot_be_cancelled(client, people, held_session):
    client.force_login(people.manager)
    response = client.post(
        reverse("training:session_cancel", args=[held_session.pk]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert "already started" in response.content.decode()
    held_session.refresh_from_db()
    assert held_session.status == SessionStatus.SCHEDULED


def test_the_education_committee_adds_a_course(client, people):
    client.force_login(people.education)
    response = client.post(
        reverse("training:course_new"),
        {
            "name": "Moral injury",
            "slug": "moral-injury",
            "description": "Naming and carrying moral distress.",
            "duration_minutes": "90",
            "completion_effect": "none",
            "refresher_interval_months": "24",
        },
    )
    assert response.status_code == 302
    assert Course.objects.filter(slug="moral-injury").exists()


def test_the_standing_courses_exist_with_a_24_month_refresher():
    assert set(Course.objects.filter(is_standing=True).values_list("slug", flat=True)) == {
        "initial-peer-supporter-training",
        "refresher",
        "active-listening",
        "boundaries",
    }
    initial = Course.objects.get(slug="initial-peer-supporter-training")
    assert initial.completion_effect == "certifies" and initial.refresher_interval_months == 24


# ---- query counts: the same number of queries for N rows and for 5N rows ----------------


def fill_sessions(count, people):
    for _ in range(count):
        session = TrainingSessionFactory(facilitators=[people.education])
        EnrolmentFactory(session=session, user=UserFactory())
        EnrolmentFactory(session=session, user=people.staff)


def fill_held_sessions(count, people):
    for _ in range(count):
        session = TrainingSessionFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
        EnrolmentFactory(session=session, user=people.staff, attended=True)
        FeedbackResponseFactory(session=session, comment="Good")


def queries_for(client, url, django_assert_max_num_queries, limit=15):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "viewer", "fill"),
    [
        ("training:index", "staff", fill_sessions),
        ("training:mine", "staff", fill_sessions),
        ("training:courses", "staff", fill_sessions),
        ("training:results", "education", fill_held_sessions),
        ("training:mine", "staff", fill_held_sessions),
    ],
)
def test_list_pages_use_the_same_number_of_queries_at_two_sizes(
    client, people, django_assert_max_num_queries, url_name, viewer, fill
):
    client.force_login(getattr(people, viewer))
    url = reverse(url_name)
    fill(3, people)
    small = queries_for(client, url, django_assert_max_num_queries)
    fill(12, people)
    large = queries_for(client, url, django_assert_max_num_queries)
    assert small == large


def test_the_session_page_does_not_grow_with_its_roster(
    client, people, upcoming_session, django_assert_max_num_queries
):
    upcoming_session.capacity = 50
    upcoming_session.save()
    client.force_login(people.manager)
    url = reverse("training:session", args=[upcoming_session.pk])
    for _ in range(3):
        EnrolmentFactory(session=upcoming_session)
    small = queries_for(client, url, django_assert_max_num_queries, limit=25)
    for _ in range(15):
        EnrolmentFactory(session=upcoming_session)
    large = queries_for(client, url, django_assert_max_num_queries, limit=25)
    assert small == large


def test_the_list_of_upcoming_sessions_reads_each_sessions_place_and_places(client, people):
    full = TrainingSessionFactory(capacity=1, place="Room 4")
    EnrolmentFactory(session=full)
    EnrolmentFactory(session=full, status=EnrolmentStatus.WAITLISTED)
    online = TrainingSessionFactory(capacity=3, place="", video_link="https://video.example/t")
    EnrolmentFactory(session=online)
    people.staff.language = "es"
    people.staff.save(update_fields=["language"])
    client.force_login(people.staff)
    html = client.get(reverse("training:index")).content.decode()
    with translation.override("es"):
        for session, place, places in (
            (full, "Room 4", "Completa (1 en espera)"),
            (online, "Videollamada", "1 de 3 ocupados"),
        ):
            title = f"{session.course.name}, {day(session.starts_at)}"
            assert f'<a href="{reverse("training:session", args=[session.pk])}">{title}</a>' in html
            moment = f"{when(session.starts_at)}–{clock(session.ends_at)}"
            assert f'<td data-label="Cuándo">{moment}</td>' in html
            assert f'<td data-label="Dónde">{place}</td>' in html
            assert f'<td data-label="Lugares">{places}</td>' in html
