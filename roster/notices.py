"""Notice kinds of the roster. Fixed words and a link only."""

from django.urls import reverse

from peersupport.notifications import register

register(
    "roster.nominated",
    subject="You have been invited to become a peer supporter",
    message="A colleague has invited you to join the hospital's peer support team. You are free to accept or decline.",
    link=lambda subject_id: reverse("roster:me"),
)
