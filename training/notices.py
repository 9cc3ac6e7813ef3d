"""Notice kinds of training. Fixed words, a link that needs sign-in, and .ics invitations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import register

SESSION_SUBJECT = "training.session"
PROFILE_SUBJECT = "roster.supporter_profile"


def session_link(subject_id: str) -> str:
    return reverse("training:session", args=[subject_id])


def invitation_attachment(method: str):
    """Attachments callable: the session's .ics for the notice's recipient."""

    def attachments(notification) -> list[tuple[str, str, str]]:
        from training.calendar import invitation
        from training.models import TrainingSession

        session = (
            TrainingSession.objects.select_related("course")
            .filter(pk=notification.subject_id)
            .first()
        )
        if session is None:
            return []
        content = invitation(
            session, attendee_email=notification.recipient.email, method=method
        ).decode()
        return [("invite.ics", content, f"text/calendar; method={method}")]

    return attachments


register(
    "training.enrolled",
    subject=_("You are enrolled in a training session"),
    message=_(
        "Your place in a peer support training session is confirmed. The calendar invitation is attached."
    ),
    link=session_link,
    attachments=invitation_attachment("REQUEST"),
)
register(
    "training.waitlisted",
    subject=_("You are on the wait list for a training session"),
    message=_(
        "The training session is full, so you are on its wait list. We will write if a place opens."
    ),
    link=session_link,
)
register(
    "training.promoted",
    subject=_("A place opened for you in a training session"),
    message=_(
        "A place opened in a training session you were waiting for, and it is now yours. The calendar invitation is attached."
    ),
    link=session_link,
    attachments=invitation_attachment("REQUEST"),
)
register(
    "training.session_updated",
    subject=_("A training session you are enrolled in has changed"),
    message=_(
        "The time or place of a training session you are enrolled in has changed. The updated invitation is attached."
    ),
    link=session_link,
    attachments=invitation_attachment("REQUEST"),
)
register(
    "training.session_cancelled",
    subject=_("A training session has been cancelled"),
    message=_("A training session you were enrolled in or waiting for has been cancelled."),
    link=session_link,
    attachments=invitation_attachment("CANCEL"),
)
register(
    "training.enrolment_cancelled",
    subject=_("Your training enrolment has been cancelled"),
    message=_("Your place in a training session has been given up."),
    link=session_link,
    attachments=invitation_attachment("CANCEL"),
)
register(
    "training.session_reminder",
    subject=_("Reminder: training session coming up"),
    message=_("A training session you are enrolled in starts soon."),
    link=session_link,
)
register(
    "training.feedback_invited",
    subject=_("How was your training session?"),
    message=_(
        "Thank you for attending. A short, anonymous survey about the session is waiting for you."
    ),
    link=lambda subject_id: reverse("training:mine"),
)
register(
    "training.refresher_due",
    subject=_("Your peer supporter refresher is coming due"),
    message=_(
        "Your peer supporter training refresher is due soon. Please enrol in a refresher session."
    ),
    link=lambda subject_id: reverse("training:index"),
)
register(
    "training.refresher_overdue",
    subject=_("Your peer supporter refresher is overdue"),
    message=_(
        "Your peer supporter training refresher is overdue. Please enrol in a refresher session."
    ),
    link=lambda subject_id: reverse("training:index"),
)
