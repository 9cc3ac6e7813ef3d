"""Meetings as iCalendar (RFC 5545): invitations by email and events for the personal feed.

An invitation is METHOD:REQUEST with a stable UID (one per meeting) and the meeting's SEQUENCE,
which goes up on each change, so calendar clients update the event they already hold.
"""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from committees import occurrences

PRODUCT_ID = "-//Peer Support//Committees//EN"


def meeting_event(meeting) -> Event:
    """One VEVENT for a meeting (with its RRULE when it recurs). Meeting facts only."""
    start = occurrences.local_start(meeting)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
    if meeting.recurrence:
        event.add("rrule", vRecur.from_ical(meeting.recurrence))
    place = meeting.location or meeting.video_url
    if place:
        event.add("location", place)
    link = settings.SITE_URL + reverse("committees:meeting", args=[meeting.pk])
    event.add("url", link)
    description = f"Agenda and details (sign-in required): {link}"
    if meeting.video_url:
        description += f"\nVideo link: {meeting.video_url}"
    event.add("description", description)
    organizer = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add(
        "organizer", f"mailto:{organizer[1]}", parameters={"CN": organizer[0] or "Peer Support"}
    )
    return event


def calendar_of(events: list[Event], *, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    today = timezone.localdate()
    # VTIMEZONE definitions for the zones used, over a span that covers the meetings.
    calendar.add_missing_timezones(
        first_date=today - datetime.timedelta(days=5 * 365),
        last_date=today + datetime.timedelta(days=5 * 365),
    )
    return calendar


def invitation(meeting) -> str:
    """The .ics text of an invitation (METHOD:REQUEST) to this meeting."""
    return calendar_of([meeting_event(meeting)], method="REQUEST").to_ical().decode()


def cancellation(meeting) -> str:
    """The .ics text that removes the meeting from calendars (METHOD:CANCEL, same UID)."""
    return calendar_of([meeting_event(meeting)], method="CANCEL").to_ical().decode()


def meeting_events(user) -> list[Event]:
    """Events of every meeting this person is invited to, for their personal calendar feed."""
    from committees import selectors

    return [meeting_event(meeting) for meeting in selectors.meetings_invited(user)]
