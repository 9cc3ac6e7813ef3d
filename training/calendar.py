"""Calendars of training sessions (RFC 5545, via icalendar): invitations and the personal feed.

`personal_calendar(user)` is the feed; other apps add their events to it (e.g. committee meetings)
by extending the list `session_events` starts.
"""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.calendar import personal_events
from core.language import in_language_of
from training.models import Enrolment, EnrolmentStatus, SessionStatus, TrainingSession

PRODID = "-//Peer Support//Training//EN"
# How far back the feed keeps past sessions.
FEED_HISTORY_DAYS = 365


def event_uid(session: TrainingSession) -> str:
    """Stable across edits and cancellation, so calendars update the same event."""
    return f"training-session-{session.uid}@peersupport"


def organizer_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "peer-support@localhost"


def session_event(session: TrainingSession, *, attendee_email: str = "") -> icalendar.Event:
    """One VEVENT for a session: course name, time, place or link; never anything personal.
    Its words are in the active language (a notice's .ics: its recipient's, core.notifications)."""
    event = icalendar.Event()
    event.add("uid", event_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", gettext("Training: %(course)s") % {"course": session.course.name})
    if session.place:
        event.add("location", session.place)
    if session.video_link:
        event.add("url", session.video_link)
    event.add(
        "description",
        gettext("Peer Support training. Details: %(link)s")
        % {"link": settings.SITE_URL + reverse("training:session", args=[session.pk])},
    )
    cancelled = session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{organizer_address()}")
    organizer.params["cn"] = icalendar.vText(gettext("Peer Support Program"))
    event.add("organizer", organizer)
    if attendee_email:
        attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    return event


def new_calendar(method: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(session: TrainingSession, *, attendee_email: str, method: str) -> bytes:
    """An iTIP message (METHOD:REQUEST or METHOD:CANCEL) for one attendee."""
    calendar = new_calendar(method)
    calendar.add_component(session_event(session, attendee_email=attendee_email))
    return calendar.to_ical()


def session_events(user) -> list[icalendar.Event]:
    """Events for the sessions this person is enrolled in or facilitates (recent and upcoming)."""
    since = timezone.now() - timedelta(days=FEED_HISTORY_DAYS)
    enrolled = Enrolment.objects.filter(user_id=user.pk, status=EnrolmentStatus.ENROLLED).values(
        "session_id"
    )
    sessions = (
        TrainingSession.objects.filter(starts_at__gte=since)
        # Cancelled sessions stay in the feed (as CANCELLED) so calendars drop them.
        .filter(Q(pk__in=enrolled) | Q(facilitators=user.pk))
        .select_related("course")
        .distinct()
        .order_by("starts_at")
    )
    return [session_event(session) for session in sessions]


def personal_calendar(user) -> icalendar.Calendar:
    """The personal feed: every calendar event of this person (trainings and meetings), in the
    person's language whoever's calendar program asks for it."""
    with in_language_of(user):
        calendar = new_calendar()
        calendar.add("x-wr-calname", gettext("Peer Support"))
        for event in personal_events(user):
            calendar.add_component(event)
    return calendar
