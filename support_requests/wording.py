"""Status lines written for the person reading them: the requester, the colleague who referred
someone else, a lead, or the supporter. Words only; the states and their rules live in models and
services."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from support_requests.models import PLAIN_STATE

REFERRER = {
    "submitted": _("Received. A peer support lead will look at it soon."),
    "triaged": _(
        "Seen by a peer support lead, who is finding the right supporter for your colleague."
    ),
    "routed": _(
        "Passed to the peer support lead of a unit, who is finding a supporter for your colleague."
    ),
    "assigned": _("A peer supporter has been asked to contact your colleague."),
    "accepted": _("A peer supporter will contact your colleague soon."),
    "contacted": _("A peer supporter has been in touch with your colleague."),
    "closed": _("Finished. Thank you for looking out for your colleague."),
    "declined": _("The peer supporter first asked could not take it; a lead is finding another."),
    "withdrawn": _("You withdrew this request."),
    "redirected": _("This request was passed to a better-suited service."),
}
LEAD = {
    "submitted": _("New: nobody has looked at it yet."),
    "triaged": _("Seen; waiting to be routed or assigned to a supporter."),
    "routed": _("Routed to a unit's local lead, who is to assign a supporter."),
    "assigned": _("Assigned; waiting for the supporter to accept."),
    "accepted": _("Accepted; the supporter has not logged a first contact yet."),
    "contacted": _("The supporter has been in touch; waiting for the closing form."),
    "closed": _("Closed."),
    "declined": _("Declined by the supporter asked; it needs another supporter."),
    "withdrawn": _("Withdrawn by the person who asked."),
    "redirected": _("Redirected to another service; the details are deleted."),
}
SUPPORTER = {
    "assigned": _("You have been asked to take this request: accept it or decline it."),
    "accepted": _("You accepted. Contact them, then log when you did."),
    "contacted": _(
        "You have been in touch. Close it with the interventions form when you are done."
    ),
    "closed": _("Closed. Thank you."),
}


def status_line(state: str, relations: frozenset[str], *, for_colleague: bool) -> str | Promise:
    """The status sentence for this viewer of a request in `state`."""
    if "supporter" in relations and state in SUPPORTER:
        return SUPPORTER[state]
    if relations & {"central", "local_lead", "supporter"}:
        return LEAD[state]
    if for_colleague:
        return REFERRER[state]
    return PLAIN_STATE[state]
