"""Notice kinds of the request workflow. Fixed words and a link only: never request details."""

from django.urls import reverse

from peersupport.notifications import register


def _request_link(subject_id: str) -> str:
    return reverse("support_requests:detail", args=[subject_id])


register(
    "request.new",
    subject="A new peer support request is waiting",
    message="A new peer support request is waiting in the triage queue.",
    link=lambda subject_id: reverse("support_requests:triage"),
)
register(
    "request.assigned",
    subject="You have a new assignment",
    message="You have a new peer support assignment. Please accept or decline it.",
    link=_request_link,
)
