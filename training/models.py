"""Courses, their scheduled sessions, enrolments, anonymous feedback and calendar feeds."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_REFRESHER_INTERVAL_MONTHS = 24


def default_refresher_interval() -> int:
    return settings.PEERSUPPORT.get("REFRESHER_INTERVAL_MONTHS", DEFAULT_REFRESHER_INTERVAL_MONTHS)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CompletionEffect(models.TextChoices):
    NONE = "none", _("No change to training status")
    CERTIFIES = "certifies", _("Certifies the supporter (initial training)")
    RENEWS = "renews", _("Renews the supporter's training (refresher)")


class Course(models.Model):
    """A course the program teaches; standing ones come from a data migration."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        default=120, validators=[MinValueValidator(15), MaxValueValidator(24 * 60)]
    )
    completion_effect = models.CharField(
        max_length=16, choices=CompletionEffect.choices, default=CompletionEffect.NONE
    )
    refresher_interval_months = models.PositiveSmallIntegerField(
        default=default_refresher_interval,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months until a refresher is due after completing this course.",
    )
    is_standing = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingSession(models.Model):
    """One scheduled sitting of a course. `sequence` is the RFC 5545 SEQUENCE of its invitation."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_sessions", blank=True
    )
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(video_link=""),
                name="training_session_has_place_or_link",
            ),
        ]
        indexes = [
            # The upcoming list and the reminder job: scheduled sessions by start time.
            models.Index(fields=["status", "starts_at"], name="training_session_upcoming_idx"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.course} on {local:%d %b %Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def where(self) -> str:
        return self.place or self.video_link


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the wait list")
    CANCELLED = "cancelled", _("Cancelled")


class Enrolment(models.Model):
    """A person's place (or wait-list place) in a session.

    `feedback_answered` is the only link between a person and the feedback survey: the answers
    themselves (FeedbackResponse) carry no person, so results can never be traced to a name.
    """

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    status = models.CharField(max_length=16, choices=EnrolmentStatus.choices)
    # Wait-list order: the earliest request moves up first. Reset on re-enrolment.
    requested_at = models.DateTimeField(default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField(null=True, blank=True)
    feedback_answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_enrolment_once"),
            models.CheckConstraint(
                condition=models.Q(feedback_answered=False) | models.Q(attended=True),
                name="training_feedback_only_after_attending",
            ),
        ]
        indexes = [
            # Seat counting and the wait list: a session's enrolments by status, oldest first.
            models.Index(
                fields=["session", "status", "requested_at"], name="training_enrolment_seat_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.session} ({self.get_status_display()})"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackResponse(models.Model):
    """One anonymous answer to a session's survey. Deliberately no person and no timestamp."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="feedback")
    content_rating = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)
    facilitation_rating = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)
    usefulness_rating = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_rating__range=(1, 5))
                & models.Q(facilitation_rating__range=(1, 5))
                & models.Q(usefulness_rating__range=(1, 5)),
                name="training_feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on session {self.session_id}"


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL. Revoking deletes the row, so the old URL answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
