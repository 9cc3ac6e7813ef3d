"""The querysets training pages need, with seat counts and feedback aggregates computed in SQL."""

from __future__ import annotations

import random

from django.db.models import Avg, Case, Count, Q, QuerySet, When
from django.utils import timezone

from core.models import User
from training.models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    FeedbackResponse,
    SessionStatus,
    TrainingSession,
)

SEAT_COUNTS = {
    "enrolled_count": Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
    "waitlist_count": Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
}
RATING_FIELDS = ("content_rating", "facilitation_rating", "usefulness_rating")


def upcoming_sessions() -> QuerySet[TrainingSession]:
    """Scheduled sessions that have not started, with their seat counts."""
    return (
        TrainingSession.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
        .select_related("course")
        .annotate(**SEAT_COUNTS)
        .order_by("starts_at", "id")
    )


def session_with_counts(session_id: int) -> TrainingSession | None:
    return (
        TrainingSession.objects.filter(pk=session_id)
        .select_related("course")
        .prefetch_related("facilitators")
        .annotate(**SEAT_COUNTS)
        .first()
    )


def enrolments_of(user: User) -> QuerySet[Enrolment]:
    """This person's enrolments, newest session first."""
    return (
        Enrolment.objects.filter(user_id=user.pk)
        .select_related("session__course")
        .order_by("-session__starts_at", "-id")
    )


def session_roster(session: TrainingSession) -> QuerySet[Enrolment]:
    """Who is enrolled or waiting, in wait-list order (for facilitators and the manager)."""
    return (
        session.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "requested_at", "id")
    )


# Below this many answers a session's or course's figures and comments are not shown: in a small
# group, an average or a comment points at the person who wrote it.
MIN_FEEDBACK_ANSWERS = 5


def feedback_summary(responses: QuerySet[FeedbackResponse]) -> dict:
    """Counts and averages of a set of answers, in one query; never a row per person.

    With fewer than MIN_FEEDBACK_ANSWERS answers only the fact that there are too few is shown.
    """
    summary = responses.aggregate(
        responses=Count("id"),
        **{f"{field}_avg": Avg(field) for field in RATING_FIELDS},
    )
    if summary["responses"] < MIN_FEEDBACK_ANSWERS:
        return {"responses": None, "too_few": True} | {f"{f}_avg": None for f in RATING_FIELDS}
    return summary


def feedback_comments(responses: QuerySet[FeedbackResponse]) -> list[str]:
    """Comments alone, without dates, in a new random order at each view (never the order they
    were written in); none at all below MIN_FEEDBACK_ANSWERS answers."""
    if responses.count() < MIN_FEEDBACK_ANSWERS:
        return []
    comments = list(responses.exclude(comment="").values_list("comment", flat=True))
    random.SystemRandom().shuffle(comments)
    return comments


def sessions_with_feedback() -> QuerySet[TrainingSession]:
    """Sessions held, with attendance and feedback aggregates (the results overview)."""
    return (
        TrainingSession.objects.filter(
            status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now()
        )
        .select_related("course")
        .annotate(
            attended_count=Count("enrolments", filter=Q(enrolments__attended=True), distinct=True),
            response_count=Count("feedback", distinct=True),
            **{
                name: Case(
                    When(response_count__gte=MIN_FEEDBACK_ANSWERS, then=Avg(f"feedback__{field}")),
                    default=None,
                )
                for name, field in (
                    ("content_avg", "content_rating"),
                    ("facilitation_avg", "facilitation_rating"),
                    ("usefulness_avg", "usefulness_rating"),
                )
            },
        )
        .order_by("-starts_at", "-id")
    )


def courses_with_feedback() -> QuerySet[Course]:
    return Course.objects.annotate(
        session_count=Count("sessions", distinct=True),
        response_count=Count("sessions__feedback", distinct=True),
    ).order_by("name")
