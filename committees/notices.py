"""Notice kinds of committees and meetings: fixed words, a sign-in link and an .ics invitation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import register


def _meeting_link(subject_id: str) -> str:
    return reverse("committees:meeting", args=[subject_id])


def _invitation(notification) -> list[tuple[str, str, str]]:
    """The meeting's current invitation (METHOD:REQUEST, its UID and SEQUENCE) as an .ics file."""
    from committees import calendar
    from committees.models import Meeting

    meeting = Meeting.objects.filter(pk=notification.subject_id).first()
    if meeting is None:
        return []
    return [("invitation.ics", calendar.invitation(meeting), "text/calendar; method=REQUEST")]


# `occurrence` is the meeting's SEQUENCE: each change of time or place sends a new invitation.
register(
    "meeting.invitation",
    subject=_("Meeting invitation"),
    message=_("You are invited to a Peer Support program meeting. The invitation is attached."),
    link=_meeting_link,
    attachments=_invitation,
)
register(
    "meeting.community_invitation",
    subject=_("Peer Supporter Community meeting"),
    message=(
        "You are invited to this quarter's Peer Supporter Community meeting. "
        "The invitation is attached."
    ),
    link=_meeting_link,
    attachments=_invitation,
)


def _cancellation(notification) -> list[tuple[str, str, str]]:
    from committees import calendar
    from committees.models import Meeting

    meeting = Meeting.objects.filter(pk=notification.subject_id).first()
    if meeting is None:
        return []
    return [("cancellation.ics", calendar.cancellation(meeting), "text/calendar; method=CANCEL")]


register(
    "meeting.cancelled",
    subject=_("Meeting cancelled"),
    message=_("A Peer Support program meeting you were invited to has been cancelled."),
    link=_meeting_link,
    attachments=_cancellation,
)
# `occurrence` is the start of the occurrence: one reminder per person per occurrence.
register(
    "meeting.reminder",
    subject=_("Meeting reminder"),
    message=_("A Peer Support program meeting you are invited to starts soon."),
    link=_meeting_link,
)
