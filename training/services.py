"""Every state change of training: courses, sessions, enrolment, attendance, feedback, feeds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core import audit
from core.conf import program_setting
from core.models import AuditAction, User
from core.notifications import notify
from roster.models import SupporterProfile, SupporterStatus
from training.models import (
    CalendarFeed,
    CompletionEffect,
    Course,
    Enrolment,
    EnrolmentStatus,
    FeedbackResponse,
    SessionStatus,
    TrainingSession,
)
from training.notices import PROFILE_SUBJECT, SESSION_SUBJECT

DEFAULT_SESSION_REMINDER_HOURS = 24
DEFAULT_REFRESHER_NOTICE_DAYS = 60


class TrainingError(ValueError):
    """A training change that is not allowed; the message says why, in plain words."""


def _notify_session(
    *, recipient: User, kind: str, session: TrainingSession, occurrence: str
) -> None:
    notify(
        recipient=recipient,
        kind=kind,
        subject_type=SESSION_SUBJECT,
        subject_id=session.pk,
        occurrence=occurrence,
    )


def _audit(actor: User | None, detail: str, obj: Model) -> None:
    audit.record(
        action=AuditAction.STATE_CHANGE,
        actor=actor,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail,
    )


# ---- courses ------------------------------------------------------------------------------


def create_course(
    *,
    actor: User,
    name: str,
    slug: str,
    description: str,
    duration_minutes: int,
    completion_effect: str,
    refresher_interval_months: int,
) -> Course:
    """Add a course to the catalogue (the Education Committee or the program manager)."""
    with transaction.atomic():
        course = Course(
            name=name,
            slug=slug,
            description=description,
            duration_minutes=duration_minutes,
            completion_effect=completion_effect,
            refresher_interval_months=refresher_interval_months,
        )
        course.full_clean()
        course.save()
        _audit(actor, "course created", course)
    return course


# ---- sessions -----------------------------------------------------------------------------


def schedule_session(
    *,
    actor: User,
    course: Course,
    starts_at: datetime,
    place: str,
    video_link: str,
    capacity: int,
    facilitators: Iterable[User],
) -> TrainingSession:
    """Schedule a sitting of a course; it ends after the course's duration."""
    if timezone.is_naive(starts_at):
        raise TrainingError("The start time needs a time zone.")
    if not (place or video_link):
        raise TrainingError("Give a place or a video link.")
    with transaction.atomic():
        session = TrainingSession(
            course=course,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=course.duration_minutes),
            place=place,
            video_link=video_link,
            capacity=capacity,
        )
        session.full_clean()
        session.save()
        session.facilitators.set(facilitators)
        _audit(actor, "session scheduled", session)
    return session


def _locked_session(session_id: int) -> TrainingSession:
    """The session row, locked until the transaction ends: seat counts are exact under it."""
    return TrainingSession.objects.select_for_update().select_related("course").get(pk=session_id)


def update_session(
    *,
    actor: User,
    session: TrainingSession,
    starts_at: datetime,
    place: str,
    video_link: str,
    capacity: int,
    facilitators: Iterable[User],
) -> TrainingSession:
    """Change a session; everyone enrolled gets the updated invitation (SEQUENCE + 1)."""
    if not (place or video_link):
        raise TrainingError("Give a place or a video link.")
    with transaction.atomic():
        session = _locked_session(session.pk)
        if session.is_cancelled:
            raise TrainingError("This session has been cancelled; it cannot be changed.")
        enrolled = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        if capacity < enrolled:
            raise TrainingError(
                f"{enrolled} people are enrolled; the capacity cannot be lower than that."
            )
        changed_for_calendars = (starts_at, place, video_link) != (
            session.starts_at,
            session.place,
            session.video_link,
        )
        session.starts_at = starts_at
        session.ends_at = starts_at + timedelta(minutes=session.course.duration_minutes)
        session.place = place
        session.video_link = video_link
        session.capacity = capacity
        if changed_for_calendars:
            session.sequence += 1
        session.full_clean()
        session.save(
            update_fields=["starts_at", "ends_at", "place", "video_link", "capacity", "sequence"]
        )
        session.facilitators.set(facilitators)
        _audit(actor, "session updated", session)
        if changed_for_calendars:
            for enrolment in session.enrolments.filter(
                status=EnrolmentStatus.ENROLLED
            ).select_related("user"):
                _notify_session(
                    recipient=enrolment.user,
                    kind="training.session_updated",
                    session=session,
                    occurrence=f"seq-{session.sequence}",
                )
        _fill_from_wait_list(session)
    return session


def cancel_session(*, actor: User, session: TrainingSession) -> TrainingSession:
    """Cancel a session; everyone enrolled or waiting gets a METHOD:CANCEL notice."""
    with transaction.atomic():
        session = _locked_session(session.pk)
        if session.is_cancelled:
            raise TrainingError("This session is already cancelled.")
        if session.has_started:
            raise TrainingError("This session has already started; it cannot be cancelled.")
        session.status = SessionStatus.CANCELLED
        session.sequence += 1
        session.save(update_fields=["status", "sequence"])
        _audit(actor, "session cancelled", session)
        for enrolment in session.enrolments.exclude(
            status=EnrolmentStatus.CANCELLED
        ).select_related("user"):
            _notify_session(
                recipient=enrolment.user,
                kind="training.session_cancelled",
                session=session,
                occurrence=f"seq-{session.sequence}",
            )
    return session


# ---- enrolment ----------------------------------------------------------------------------


def enrol(*, actor: User, session: TrainingSession, person: User) -> Enrolment:
    """Enrol a person, or put them on the wait list when the session is full.

    The session row is locked and the seats counted in the database, so two people racing for
    the last seat cannot both get it.
    """
    with transaction.atomic():
        session = _locked_session(session.pk)
        if session.is_cancelled:
            raise TrainingError("This session has been cancelled.")
        if session.has_started:
            raise TrainingError("This session has already started; enrolment is closed.")
        enrolment = Enrolment.objects.filter(session=session, user=person).first()
        if enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED:
            raise TrainingError(
                f"{person.display_name} is already {enrolment.get_status_display().lower()}."
            )
        taken = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        status = (
            EnrolmentStatus.ENROLLED if taken < session.capacity else EnrolmentStatus.WAITLISTED
        )
        if enrolment is None:
            enrolment = Enrolment(session=session, user=person)
        enrolment.status = status
        enrolment.requested_at = timezone.now()
        enrolment.enrolled_by = actor
        enrolment.full_clean()
        enrolment.save()
        _audit(actor, f"enrolment {status}", enrolment)
        _notify_session(
            recipient=person,
            kind="training.enrolled"
            if status == EnrolmentStatus.ENROLLED
            else "training.waitlisted",
            session=session,
            occurrence=enrolment.requested_at.isoformat(),
        )
    return enrolment


def cancel_enrolment(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Give up a place (or a wait-list place); the first person waiting moves up, with notice."""
    with transaction.atomic():
        session = _locked_session(enrolment.session_id)
        enrolment = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
        if enrolment.status == EnrolmentStatus.CANCELLED:
            raise TrainingError("This enrolment is already cancelled.")
        if session.has_started:
            raise TrainingError("This session has already started.")
        was_enrolled = enrolment.status == EnrolmentStatus.ENROLLED
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.save(update_fields=["status"])
        _audit(actor, "enrolment cancelled", enrolment)
        if was_enrolled:
            _notify_session(
                recipient=enrolment.user,
                kind="training.enrolment_cancelled",
                session=session,
                occurrence=enrolment.requested_at.isoformat(),
            )
        _fill_from_wait_list(session)
    return enrolment


def _fill_from_wait_list(session: TrainingSession) -> list[Enrolment]:
    """Move people up from the wait list into free seats, oldest request first (session locked)."""
    if session.is_cancelled or session.has_started:
        return []
    free = session.capacity - session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if free <= 0:
        return []
    promoted = list(
        session.enrolments.filter(status=EnrolmentStatus.WAITLISTED)
        .select_related("user")
        .order_by("requested_at", "id")[:free]
    )
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["status"])
        _audit(None, "moved up from wait list", enrolment)
        _notify_session(
            recipient=enrolment.user,
            kind="training.promoted",
            session=session,
            occurrence=enrolment.requested_at.isoformat(),
        )
    return promoted


# ---- attendance ---------------------------------------------------------------------------


def refresher_due_after(completed_on: date, course: Course) -> date:
    return completed_on + relativedelta(months=course.refresher_interval_months)


def mark_attendance(*, actor: User, session: TrainingSession, attended_user_ids: set[int]) -> int:
    """Record who attended; a certifying course trains them, a refresher renews them.

    Returns how many attended. Marking again corrects the record (the training dates follow).
    """
    with transaction.atomic():
        session = _locked_session(session.pk)
        if session.is_cancelled:
            raise TrainingError("This session was cancelled.")
        if not session.has_started:
            raise TrainingError("Attendance can be marked once the session has started.")
        held_on = timezone.localdate(session.starts_at)
        enrolments = list(
            session.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("user")
        )
        count = 0
        for enrolment in enrolments:
            attended = enrolment.user_id in attended_user_ids
            if attended and enrolment.attended is not True:
                _notify_session(
                    recipient=enrolment.user,
                    kind="training.feedback_invited",
                    session=session,
                    occurrence="",
                )
            if enrolment.feedback_answered and not attended:
                raise TrainingError(
                    "Someone who already answered the survey cannot be marked absent."
                )
            enrolment.attended = attended
            enrolment.save(update_fields=["attended"])
            count += attended
        _audit(actor, f"attendance marked ({count})", session)
        effect = session.course.completion_effect
        attended_ids = [e.user_id for e in enrolments if e.attended]
        if effect != CompletionEffect.NONE and attended_ids:
            _record_training(session=session, user_ids=attended_ids, held_on=held_on)
    return count


def _record_training(*, session: TrainingSession, user_ids: list[int], held_on: date) -> None:
    """Set trained_on / refresher_due_on for the attendees who are (or are becoming) supporters."""
    course = session.course
    due = refresher_due_after(held_on, course)
    profiles = SupporterProfile.objects.select_for_update().filter(user_id__in=user_ids)
    for profile in profiles:
        if profile.status == SupporterStatus.RETIRED:
            continue
        if course.completion_effect == CompletionEffect.CERTIFIES:
            if profile.trained_on is None or profile.trained_on <= held_on:
                profile.trained_on = held_on
            profile.refresher_due_on = max(due, profile.refresher_due_on or due)
        elif profile.trained_on is not None:  # a refresher renews only someone trained
            profile.refresher_due_on = max(due, profile.refresher_due_on or due)
        else:
            continue
        profile.save(update_fields=["trained_on", "refresher_due_on"])
        _audit(None, f"training recorded ({course.completion_effect})", profile)


# ---- feedback -----------------------------------------------------------------------------


def submit_feedback(
    *,
    enrolment: Enrolment,
    content_rating: int,
    facilitation_rating: int,
    usefulness_rating: int,
    comment: str,
) -> None:
    """Store one anonymous answer and mark the enrolment answered, once."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.attended is not True:
            raise TrainingError("The survey is for people who attended the session.")
        if enrolment.feedback_answered:
            raise TrainingError("You have already answered the survey for this session. Thank you.")
        response = FeedbackResponse(
            session_id=enrolment.session_id,
            content_rating=content_rating,
            facilitation_rating=facilitation_rating,
            usefulness_rating=usefulness_rating,
            comment=comment.strip(),
        )
        response.full_clean()
        response.save()
        enrolment.feedback_answered = True
        enrolment.save(update_fields=["feedback_answered"])
        # The audit names the enrolment, never the response: answers stay unlinkable.
        _audit(enrolment.user, "feedback answered", enrolment.session)


# ---- calendar feeds -----------------------------------------------------------------------


def regenerate_calendar_feed(*, user: User) -> CalendarFeed:
    """Give this person a new secret feed URL; any old one stops working."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        feed = CalendarFeed(user=user)
        feed.full_clean()
        feed.save()
        _audit(user, "calendar feed issued", feed)
    return feed


def revoke_calendar_feed(*, user: User) -> None:
    """Stop this person's feed URL; it answers 404 from now on."""
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(user=user).delete()
        if deleted:
            audit.record(
                action=AuditAction.STATE_CHANGE,
                actor=user,
                object_type="training.calendarfeed",
                object_id=str(user.pk),
                detail="calendar feed revoked",
            )


# ---- scheduled work -----------------------------------------------------------------------


def send_session_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone enrolled in a session starting within the reminder window; once each."""
    now = now or timezone.now()
    hours = program_setting("SESSION_REMINDER_HOURS", DEFAULT_SESSION_REMINDER_HOURS)
    sent = 0
    enrolments = Enrolment.objects.filter(
        status=EnrolmentStatus.ENROLLED,
        session__status=SessionStatus.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(hours=hours),
    ).select_related("user", "session")
    for enrolment in enrolments:
        # Keyed by start time: a rescheduled session earns a fresh reminder.
        created = notify(
            recipient=enrolment.user,
            kind="training.session_reminder",
            subject_type=SESSION_SUBJECT,
            subject_id=enrolment.session_id,
            occurrence=enrolment.session.starts_at.isoformat(),
        )
        sent += created is not None
    return sent


def send_refresher_notices(*, today: date | None = None) -> int:
    """Tell supporters whose refresher is coming due, or overdue; once per due date each."""
    today = today or timezone.localdate()
    days = program_setting("REFRESHER_NOTICE_DAYS", DEFAULT_REFRESHER_NOTICE_DAYS)
    sent = 0
    profiles = SupporterProfile.objects.filter(
        status__in=(SupporterStatus.ACTIVE, SupporterStatus.PAUSED, SupporterStatus.ON_LEAVE),
        refresher_due_on__isnull=False,
        refresher_due_on__lte=today + timedelta(days=days),
    ).select_related("user")
    for profile in profiles:
        assert profile.refresher_due_on is not None  # filtered above
        kind = (
            "training.refresher_overdue"
            if profile.refresher_due_on < today
            else "training.refresher_due"
        )
        created = notify(
            recipient=profile.user,
            kind=kind,
            subject_type=PROFILE_SUBJECT,
            subject_id=profile.pk,
            occurrence=profile.refresher_due_on.isoformat(),
        )
        sent += created is not None
    return sent
