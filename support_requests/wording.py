"""Status lines written for the person reading them: the requester, the colleague who referred
someone else, a lead, or the supporter. Words only; the states and their rules live in models and
services."""

from support_requests.models import PLAIN_STATE

REFERRER = {
    "submitted": "Received. A peer support lead will look at it soon.",
    "triaged": "Seen by a peer support lead, who is finding the right supporter for your colleague.",
    "routed": "Passed to the peer support lead of a unit, who is finding a supporter for your colleague.",
    "assigned": "A peer supporter has been asked to contact your colleague.",
    "accepted": "A peer supporter will contact your colleague soon.",
    "contacted": "A peer supporter has been in touch with your colleague.",
    "closed": "Finished. Thank you for looking out for your colleague.",
    "declined": "The peer supporter first asked could not take it; a lead is finding another.",
    "withdrawn": "You withdrew this request.",
    "redirected": "This request was passed to a better-suited service.",
}
LEAD = {
    "submitted": "New: nobody has looked at it yet.",
    "triaged": "Seen; waiting to be routed or assigned to a supporter.",
    "routed": "Routed to a unit's local lead, who is to assign a supporter.",
    "assigned": "Assigned; waiting for the supporter to accept.",
    "accepted": "Accepted; the supporter has not logged a first contact yet.",
    "contacted": "The supporter has been in touch; waiting for the closing form.",
    "closed": "Closed.",
    "declined": "Declined by the supporter asked; it needs another supporter.",
    "withdrawn": "Withdrawn by the person who asked.",
    "redirected": "Redirected to another service; the details are deleted.",
}
SUPPORTER = {
    "assigned": "You have been asked to take this request: accept it or decline it.",
    "accepted": "You accepted. Contact them, then log when you did.",
    "contacted": "You have been in touch. Close it with the interventions form when you are done.",
    "closed": "Closed. Thank you.",
}


def status_line(state: str, relations: frozenset[str], *, for_colleague: bool) -> str:
    """The status sentence for this viewer of a request in `state`."""
    if "supporter" in relations and state in SUPPORTER:
        return SUPPORTER[state]
    if relations & {"central", "local_lead", "supporter"}:
        return LEAD[state]
    if for_colleague:
        return REFERRER[state]
    return PLAIN_STATE[state]
