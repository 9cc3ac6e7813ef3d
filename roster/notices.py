"""Notice kinds of the roster. Fixed words and a link only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.notifications import register

register(
    "roster.nominated",
    subject=_("You have been invited to become a peer supporter"),
    message=_(
        "A colleague has invited you to join the hospital's peer support team. You are free to accept or decline."
    ),
    link=lambda subject_id: reverse("roster:me"),
)

register(
    "roster.rota_gap",
    subject=_("The on-call rota has a gap in the coming week"),
    message=_(
        "On one day of the coming week nobody is on call for part of the day. Please see the rota."
    ),
    link=lambda subject_id: reverse("roster:on_call"),
)

register(
    "roster.volunteered",
    subject=_("A colleague volunteers to become a peer supporter"),
    message=_(
        "A colleague offered to join the peer support team in a unit you lead. Please approve or decline the offer."
    ),
    link=lambda subject_id: reverse("roster:volunteers"),
)
register(
    "roster.volunteer_refused",
    subject=_("Thank you for offering to be a peer supporter"),
    message=_(
        "Thank you for offering to join the peer support team. The team cannot take your offer forward just now; you are welcome to offer again later."
    ),
    link=lambda subject_id: reverse("home"),
)
# Grants of the roles that open request details: every central lead and the chair are told.
for kind, subject in (
    ("role.grant_requested", "A role that opens request details was proposed"),
    ("role.granted", "A role that opens request details was granted"),
    ("role.grant_refused", "A proposed role that opens request details was refused"),
    ("role.removed", "A role that opens request details was removed"),
):
    register(
        kind,
        subject=subject,
        message="Who can read support requests has changed or may change. "
        "Please check the list of current holders; tell the chair if you did not expect it.",
        link=lambda subject_id: reverse("roster:grants"),
    )
