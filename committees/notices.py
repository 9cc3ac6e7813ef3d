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
# `occurrence` is the day of the occurrence: one notice per person per publication.
register(
    "meeting.agenda_published",
    subject=_("Meeting agenda published"),
    message=_(
        "The agenda of a Peer Support program meeting you are invited to has been published."
    ),
    link=_meeting_link,
)
register(
    "meeting.minutes_published",
    subject=_("Meeting minutes published"),
    message=_(
        "The minutes of a Peer Support program meeting you are invited to have been published."
    ),
    link=_meeting_link,
)
# `occurrence` is the action: its owner is told once.
register(
    "meeting.action",
    subject=_("A meeting action for you"),
    message=_("An action agreed at a Peer Support program meeting has been given to you."),
    link=_meeting_link,
)


def _policy_link(subject_id: str) -> str:
    from committees.models import Policy

    slug = Policy.objects.filter(pk=subject_id).values_list("slug", flat=True).first()
    return reverse("committees:policy", args=[slug]) if slug else reverse("committees:policies")


# `occurrence` is the version number: each new version asks once again.
register(
    "policy.acknowledge",
    subject=_("Please acknowledge a program policy"),
    message=_(
        "A Peer Support program policy you acknowledge has a new version. "
        "Please read it and acknowledge it."
    ),
    link=_policy_link,
)
