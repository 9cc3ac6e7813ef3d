"""Notice kinds of the request workflow. Fixed words and a link only: never request details."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.conf import program_text
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
    subject=_("A new peer support request is waiting"),
    message=_("A new peer support request is waiting in the triage queue."),
    link=_triage_link,
)
register(
    "request.on_call",
    subject=_("An urgent peer support request came in while you are on call"),
    message=_(
        "A peer support request asking for help today came in while you are on call. You can claim it from your assignments page."
    ),
    link=_assignments_link,
)
register(
    "request.routed",
    subject=_("A peer support request was routed to your unit"),
    message=_("A peer support request was routed to your unit. Please assign a supporter."),
    link=_unit_queue_link,
)
register(
    "request.assigned",
    subject=_("You have a new assignment"),
    message=_("You have a new peer support assignment. Please accept or decline it."),
    link=_request_link,
)
register(
    "request.unassigned",
    subject=_("A peer support request is still waiting for a supporter"),
    message=_("A peer support request has been waiting for a supporter longer than it should."),
    link=_request_link,
)
register(
    "request.remind_accept",
    subject=_("Reminder: an assignment is waiting for your answer"),
    message=_("A peer support assignment is waiting for you to accept or decline it."),
    link=_request_link,
)
register(
    "request.declined",
    subject=_("A peer support request needs another supporter"),
    message=_("A peer support request came back without a supporter. Please assign another."),
    link=_request_link,
)
register(
    "request.remind_contact",
    subject=_("Reminder: please log your first contact"),
    message=_(
        "You accepted a peer support assignment. Please reach out and log the first contact."
    ),
    link=_request_link,
)
register(
    "request.follow_up",
    subject=_("Time for a follow-up check-in"),
    message=_(
        "You planned a follow-up for a peer support conversation. It is time to check in again."
    ),
    link=_assignments_link,
)
register(
    "request.withdrawn",
    subject=_("An assignment was withdrawn"),
    message=_(
        "A peer support request you held was withdrawn by the person who sent it. Nothing more is needed."
    ),
    link=_assignments_link,
)
register(
    "request.closed",
    subject=_("How did peer support go?"),
    message=_(
        "Your peer support request is closed. If you like, tell us in two questions how it went; your answer is stored without your name."
    ),
    link=lambda subject_id: reverse("support_requests:survey", args=[subject_id]),
)
register(
    "request.closed_no_contact",
    subject=_("Your peer support request is closed"),
    message=_(
        "Your peer support request is closed: a supporter tried and could not reach you, or you told them you did not need support now. If you would like support, you can send a new request at any time."
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.rerouted",
    subject=_("A peer support request no longer waits for your unit"),
    message=_(
        "A peer support request routed to your unit was passed elsewhere by the central lead. Nothing more is needed from you."
    ),
    link=_unit_queue_link,
)
register(
    "request.handed_back",
    subject=_("A unit handed a peer support request back"),
    message=_(
        "A local lead handed a peer support request back to central triage. Please route or assign it."
    ),
    link=_triage_link,
)


def _where_to_go(setting: str, words: Promise):
    """The message of a redirection notice: where to go instead, read from the settings when
    the notice is sent, in the recipient's language (never anything from the request)."""
    return lambda: str(words).format(contact=program_text(setting))


register(
    "request.redirected_hr",
    subject=_("Where to get help with your request"),
    message=_where_to_go(
        "HR_CONTACT",
        _(
            "A peer support lead read your request and thinks it is best handled outside peer support, by {contact}. Please contact them; what you wrote to peer support will be deleted."
        ),
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirected_eap",
    subject=_("Where to get help with your request"),
    message=_where_to_go(
        "EAP_CONTACT",
        _(
            "A peer support lead read your request and thinks it is best handled outside peer support, by {contact}. Please contact them; what you wrote to peer support will be deleted."
        ),
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirected_crisis",
    subject=_("Please get help now"),
    message=_where_to_go(
        "CRISIS_LINE",
        _(
            "A peer support lead read your request and thinks you may need help right away. If you or someone else is in danger, call {contact} now, or your local emergency number."
        ),
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.redirect_undone",
    subject=_("Your peer support request is back with the team"),
    message=_(
        "Your peer support request is back with the peer support team. Please disregard our previous message; a lead will find a supporter."
    ),
    link=lambda subject_id: reverse("support_requests:mine"),
)
register(
    "request.claimed",
    subject=_("The supporter on call claimed an urgent request"),
    message=_(
        "The supporter on call claimed a peer support request asking for help today. You can take it back from the request's page if needed."
    ),
    link=_request_link,
)
register(
    "request.taken_back",
    subject=_("A request was taken back from you"),
    message=_(
        "The central lead took back a peer support request you held. Nothing more is needed from you."
    ),
    link=_assignments_link,
)
register(
    "outreach.assigned",
    subject=_("You are asked to join a team outreach"),
    message=_("A peer support lead asked you to reach out to a team after a difficult event."),
    link=lambda subject_id: reverse("support_requests:outreach_detail", args=[subject_id]),
)
