"""Trainings held, training attendance and feedback, community meeting attendance."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from committees.models import Attendance, Meeting, MeetingKind
from tests.committees.factories import MeetingFactory
from tests.factories import SupporterProfileFactory
from tests.reports.factories import months_ago
from tests.reports.test_dashboard import (
    LAST_12_MONTHS,
    MARKER,
    count_queries,
    csv_rows,
    figure,
    period_key,
)
from tests.training.factories import (
    CourseFactory,
    EnrolmentFactory,
    FeedbackResponseFactory,
    TrainingSessionFactory,
)
from training.models import SessionStatus

DASHBOARD = reverse("reports:dashboard")
EXPORT = reverse("reports:export")
# Rows (courses) are published by calendar year, the totals at the finest size at which none of
# that year's figures is small (docs/reports.md): the tests that read rows look at whole years.
JANUARY = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)  # months_ago(1..12): 2025
YEARS = {"preset": "custom", "first_month": "2024-01", "last_month": "2025-12", "size": "year"}


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def held(course, months: int, **kwargs):
    return TrainingSessionFactory(course=course, starts_at=months_ago(months), **kwargs)


def attend(session, count: int, unit) -> None:
    for _ in range(count):
        profile = SupporterProfileFactory(home_unit=unit)
        EnrolmentFactory(session=session, user=profile.user, attended=True)


def community_meeting(months: int, attendees: int, unit) -> None:
    day = months_ago(months)
    quarter_start = day.date().replace(day=1)
    meeting = Meeting.objects.filter(
        kind=MeetingKind.COMMUNITY, quarter_start=quarter_start
    ).first() or MeetingFactory(
        kind=MeetingKind.COMMUNITY, committee=None, quarter_start=quarter_start, starts_at=day
    )
    for _ in range(attendees):
        profile = SupporterProfileFactory(home_unit=unit)
        Attendance.objects.create(meeting=meeting, occurrence_on=day.date(), user=profile.user)


def total_key(rows) -> str:
    return [r["period"] for r in rows if "/" in r["period"]][0]


@time_machine.travel(JANUARY)
def test_sessions_held_count_only_sessions_that_were_not_cancelled(signed_in, people):
    course = CourseFactory(name="Peer support basics")
    for _ in range(12):
        held(course, 1)
    held(course, 1, status=SessionStatus.CANCELLED)
    held(course, 2)
    held(course, 13)  # 2024: one session, a small year
    client = signed_in(people.manager)

    rows = csv_rows(client.get(EXPORT, YEARS))
    months = csv_rows(client.get(EXPORT, LAST_12_MONTHS))
    page = client.get(DASHBOARD, LAST_12_MONTHS).content.decode()

    assert figure(rows, "trainings_held", "2025", "Peer support basics") == "13"
    assert figure(rows, "trainings_held", "2024", "Peer support basics") == MARKER
    # By month a course's figure is not published ("—"), nor is the total: a month is small.
    assert figure(months, "trainings_held", period_key(1), "Peer support basics") == "—"
    assert figure(months, "trainings_held", period_key(2), "Total") == "—"
    assert 'id="chart-trainings_held"' in page and "Training sessions held" in page


@time_machine.travel(JANUARY)
def test_attendance_counts_attended_enrolments_and_hides_small_ones(signed_in, people):
    course = CourseFactory(name="Psychological first aid")
    big, small = held(course, 1), held(course, 13)
    attend(big, 15, people.icu)
    EnrolmentFactory.create_batch(5, session=big, attended=False)
    attend(small, 4, people.icu)
    client = signed_in(people.sponsor)

    rows = csv_rows(client.get(EXPORT, YEARS))
    page = client.get(DASHBOARD, LAST_12_MONTHS).content.decode()

    assert figure(rows, "training_attendance", "2025", "Psychological first aid") == "15"
    assert figure(rows, "training_attendance", "2024", "Psychological first aid") == MARKER
    # The range total would give the small year away.
    assert (
        figure(rows, "training_attendance", total_key(rows), "Psychological first aid") == "—"
    )  # hidden to protect the small year, not small itself
    assert "Training attendance" in page and 'id="chart-training_attendance"' in page


@time_machine.travel(JANUARY)
def test_a_local_lead_sees_the_attendance_of_their_own_units_supporters_only(signed_in, people):
    course = CourseFactory(name="Psychological first aid")
    session = held(course, 1)
    attend(session, 12, people.icu)
    attend(session, 20, people.ed)
    community_meeting(1, 14, people.icu)

    icu_rows = csv_rows(signed_in(people.icu_lead).get(EXPORT, LAST_12_MONTHS))
    ed_rows = csv_rows(signed_in(people.ed_lead).get(EXPORT, LAST_12_MONTHS))
    icu_years = csv_rows(signed_in(people.icu_lead).get(EXPORT, YEARS))
    ed_years = csv_rows(signed_in(people.ed_lead).get(EXPORT, YEARS))
    page = signed_in(people.icu_lead).get(DASHBOARD, LAST_12_MONTHS).content.decode()

    assert figure(icu_years, "training_attendance", "2025", course.name) == "12"
    assert figure(ed_years, "training_attendance", "2025", course.name) == "20"
    # The month's total shows: neither lead's figure nor the rest of the hospital's is small.
    assert figure(icu_rows, "training_attendance", period_key(1), "Total") == "12"
    key = period_key(1)
    assert figure(icu_rows, "community_meeting_attendance", key, "People attending") == "14"
    assert figure(ed_rows, "community_meeting_attendance", key, "People attending") == "0"
    measures = {row["measure"] for row in icu_rows}
    assert measures.isdisjoint({"trainings_held", "training_feedback"})
    assert "cannot be tied to a unit" in page


@time_machine.travel(JANUARY)
def test_a_mean_rating_shows_only_over_more_than_ten_answers(signed_in, people):
    course = CourseFactory(name="Peer support basics")
    many, few = held(course, 1), held(course, 13)
    FeedbackResponseFactory.create_batch(
        11, session=many, content_rating=5, facilitation_rating=4, usefulness_rating=3
    )
    FeedbackResponseFactory.create_batch(
        9, session=few, content_rating=1, facilitation_rating=1, usefulness_rating=1
    )
    client = signed_in(people.chair)

    rows = csv_rows(client.get(EXPORT, YEARS))
    months = csv_rows(client.get(EXPORT, LAST_12_MONTHS))
    page = client.get(DASHBOARD, YEARS).content.decode()

    label = "Mean rating, Peer support basics (1 to 5)"
    assert figure(rows, "training_feedback", "2025", "Peer support basics") == "11"
    assert figure(rows, "training_feedback", "2025", label) == "4.0"
    assert figure(rows, "training_feedback", "2024", "Peer support basics") == MARKER
    assert figure(rows, "training_feedback", "2024", label) == "*"
    # Over the range the mean rests on 20 answers, but on a hidden count: hidden too.
    assert figure(rows, "training_feedback", total_key(rows), label) == "*"
    # By month the course's count is not published, so neither is its mean.
    assert figure(months, "training_feedback", period_key(1), label) == "*"
    assert label in page


@time_machine.travel(JANUARY)
def test_a_mean_rating_over_a_shown_count_of_eleven_or_more_shows_for_the_range(signed_in, people):
    course = CourseFactory(name="Peer support basics")
    FeedbackResponseFactory.create_batch(
        12, session=held(course, 1), content_rating=2, facilitation_rating=2, usefulness_rating=2
    )
    FeedbackResponseFactory.create_batch(
        12, session=held(course, 13), content_rating=5, facilitation_rating=5, usefulness_rating=5
    )
    rows = csv_rows(signed_in(people.sponsor).get(EXPORT, YEARS))
    months = csv_rows(signed_in(people.sponsor).get(EXPORT, LAST_12_MONTHS))
    label = "Mean rating, Peer support basics (1 to 5)"
    assert figure(rows, "training_feedback", total_key(rows), "Peer support basics") == "24"
    assert figure(rows, "training_feedback", total_key(rows), label) == "3.5"
    assert figure(months, "training_feedback", period_key(2), label) == "–"


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC))
def test_community_meeting_attendance_is_counted_per_quarter(signed_in, people):
    community_meeting(2, 18, people.icu)  # September: Q3
    community_meeting(5, 13, people.ed)  # June: Q2 (no month of the year is small)
    client = signed_in(people.sponsor)
    rows = csv_rows(client.get(EXPORT, {"size": "quarter"}))
    page = client.get(DASHBOARD, {"size": "quarter"}).content.decode()

    values = {
        r["period"]: r["value"]
        for r in rows
        if r["measure"] == "community_meeting_attendance" and r["dimension"] == "People attending"
    }
    assert values["2026-Q3"] == "18"
    assert values["2026-Q2"] == "13"
    assert all("-Q" in period for period in values if "/" not in period)
    assert "Peer Supporter Community meeting attendance" in page


def test_no_training_or_meeting_figure_from_1_to_10_appears(signed_in, people):
    course = CourseFactory()
    for months, count in ((1, 3), (2, 11), (3, 7)):
        session = held(course, months)
        attend(session, count, people.icu)
        FeedbackResponseFactory.create_batch(count, session=session)
        community_meeting(months, count, people.ed)
    rows = csv_rows(signed_in(people.manager).get(EXPORT, {"size": "month"}))
    new = {"trainings_held", "training_attendance", "training_feedback"}
    new.add("community_meeting_attendance")
    checked = [row for row in rows if row["measure"] in new]
    assert checked
    for row in checked:
        if row["value"].isdigit():
            assert not 1 <= int(row["value"]) <= 10, row


@pytest.mark.parametrize("url", [DASHBOARD, EXPORT])
def test_the_new_measures_add_no_query_per_row(signed_in, people, url):
    client = signed_in(people.sponsor)
    courses = [CourseFactory(), CourseFactory()]

    def add(count):
        for months in range(1, 13):
            for course in courses:
                session = held(course, months)
                attend(session, count, people.icu)
                FeedbackResponseFactory.create_batch(count, session=session)
        for months in (2, 5, 8, 11):
            community_meeting(months, count, people.icu)

    add(1)
    client.get(url)
    small = count_queries(client, url)
    add(3)
    courses.append(CourseFactory())
    assert count_queries(client, url) == small


def test_quarters_of_community_meetings_fall_on_the_meeting_day(signed_in, people):
    community_meeting(2, 12, people.icu)
    rows = csv_rows(signed_in(people.sponsor).get(EXPORT, LAST_12_MONTHS))
    day = months_ago(2).date()
    assert figure(rows, "community_meeting_attendance", f"{day:%Y-%m}", "People attending") == "12"
