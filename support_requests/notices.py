"""Notice kinds of the request workflow. Fixed words and a link only: never request details."""

from django.conf import settings
from django.urls import reverse

from core.notifications import register


def _request_link(subject_id: str) -> str:
    return reverse("support_requests:detail", args=[subject_id])


def _triage_link(subject_id: str) -> str:
    return reverse("support_requests:triage")


def _unit_queue_link(subject_id: str) -> str:
    return reverse("support_requests:unit_queue")


def _assignments_link(subject_id: str) -> str:
    return reverse("support_requests:assigned")


register(
    "request.new",
    subject="A new peer support request is waiting",
    message="A new peer support request is waiting in the triage queue.",
    link=_triage_link,
)
register(
    "request.on_call",
    subject="An urgent peer support request came in while you are on call",
    message="A peer support request asking for help today came in while you are on call. You can claim it from your assignments page.",
    link=_assignments_link,
)
register(
    "request.routed",
    subject="A peer support request was routed to your unit",
    message="A peer support request was routed to your unit. Please assign a supporter.",
    link=_unit_queue_link,
)
register(
    "request.assigned",
    subject="You have a new assignment",
    message="You have a new peer support assignment. Please accept or decline it.",
    link=_request_link,
)
register(
    "request.unassigned",
    subject="A peer support request is still waiting for a supporter",
    message="A peer support request has been waiting for a supporter longer than it should.",
    link=_request_link,
)
register(
    "request.remind_accept",
    subject="Reminder: an assignment is waiting for your answer",
    message="A peer support assignment is waiting for you to accept or decline it.",
    link=_request_link,
)
register(
    "request.declined",
    subject="A peer support request needs another supporter",
    message="A peer support request came back without a supporter. Please assign another.",
    link=_request_link,
)
register(
    "request.remind_contact",
    subject="Reminder: please log your first contact",
    message="You accepted a peer support assignment. Please reach out and log the first contact.",
    link=_request_link,
)
register(
    "request.follow_up",
    subject="Time for a follow-up check-in",
    message="You planned a follow-up for a peer support conversation. It is time to check in again.",
    link=_assignments_link,
)
register(
    "request.withdrawn",
    subject="An assignment was withdrawn",
    message="A peer support request you held was withdrawn by the person who sent it. Nothing more is needed.",
    link=_assignments_link,
)
register(
    "request.closed",
    subject="How did peer support go?",
    message="Your peer support request is closed. If you like, tell us in two questions how it went; your answer is stored without your name.",
    link=lambda subject_id: reverse("support_requests:survey", args=[subject_id]),
)
register(
    "request.closed_no_contact",
    subject="Your peer support request is closed",
    message="Your peer support request is closed: a supporter tried and could not reach you, or you told them you did not need support now. If you would like support, you can send a new request at any time.",
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.rerouted",
    subject="A peer support request no longer waits for your unit",
    message="A peer support request routed to your unit was passed elsewhere by the central lead. Nothing more is needed from you.",
    link=_unit_queue_link,
)
register(
    "request.handed_back",
    subject="A unit handed a peer support request back",
    message="A local lead handed a peer support request back to central triage. Please route or assign it.",
    link=_triage_link,
)


def _where_to_go(setting: str, words: str):
    """The message of a redirection notice: where to go instead, read from the settings when
    the notice is sent (never anything from the request)."""
    return lambda: words.format(contact=settings.PEERSUPPORT[setting])


register(
    "request.redirected_hr",
    subject="Where to get help with your request",
    message=_where_to_go(
        "HR_CONTACT",
        "A peer support lead read your request and thinks it is best handled outside peer support, by {contact}. Please contact them; what you wrote to peer support will be deleted.",
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirected_eap",
    subject="Where to get help with your request",
    message=_where_to_go(
        "EAP_CONTACT",
        "A peer support lead read your request and thinks it is best handled outside peer support, by {contact}. Please contact them; what you wrote to peer support will be deleted.",
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirected_crisis",
    subject="Please get help now",
    message=_where_to_go(
        "CRISIS_LINE",
        "A peer support lead read your request and thinks you may need help right away. If you or someone else is in danger, call {contact} now, or your local emergency number.",
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirect_undone",
    subject="Your peer support request is back with the team",
    message="Your peer support request is back with the peer support team. Please disregard our previous message; a lead will find a supporter.",
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.claimed",
    subject="The supporter on call claimed an urgent request",
    message="The supporter on call claimed a peer support request asking for help today. You can take it back from the request's page if needed.",
    link=_request_link,
)
register(
    "request.taken_back",
    subject="A request was taken back from you",
    message="The central lead took back a peer support request you held. Nothing more is needed from you.",
    link=_assignments_link,
)
register(
    "outreach.assigned",
    subject="You are asked to join a team outreach",
    message="A peer support lead asked you to reach out to a team after a difficult event.",
    link=lambda subject_id: reverse("support_requests:outreach_detail", args=[subject_id]),
)
