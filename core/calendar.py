"""The personal calendar feed's sources: each app registers the events it contributes.

Training adds a person's sessions, committees their meetings; the feed (served by the training
app, which owns the feed's token) asks every registered source, so no app imports another for it.
"""

from __future__ import annotations

from collections.abc import Callable

import icalendar

EventSource = Callable[[object], list[icalendar.Event]]
_SOURCES: list[EventSource] = []


def register_personal_events(source: EventSource) -> None:
    """Add a source of one person's calendar events (called from an app's `ready`)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def personal_events(user) -> list[icalendar.Event]:
    """Every registered source's events for this person, in registration order."""
    return [event for source in _SOURCES for event in source(user)]
