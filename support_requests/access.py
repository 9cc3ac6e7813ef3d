"""Who may read a support request's details and act on it: the heart of the confidentiality promise.

The details of a request are visible to the requester, central leads, the local lead of the unit it
was routed to and the supporter holding a django-guardian grant on it; nobody else, superusers
included. Every request queryset of the app starts from `visible_requests(user)`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from core import audit
from core.access import (  # noqa: F401  (re-exported: the app's views ask this module)
    central_leads,
    has_role,
    may,
    require,
    roles_of,
    signed_in,
)
from core.models import User
from core.roles import Role
from roster.access import (  # noqa: F401  (re-exported)
    local_leads_of,
    managed_unit_ids,
    may_manage_unit,
    units_led_by,
)
from support_requests.models import Outreach, OutreachAssignment, SupportRequest

if TYPE_CHECKING:
    from django.http import HttpRequest


DETAILS_PERMISSION = "support_requests.view_request_details"


def requests_granted_to(user: User) -> QuerySet:
    """Requests on which this person holds the per-object details grant (assigned supporters)."""

    return get_objects_for_user(
        user,
        DETAILS_PERMISSION,
        klass=SupportRequest,
        accept_global_perms=False,
        with_superuser=False,
    )


def request_visibility(user: User) -> Q:
    """The Q filter of requests whose details this person may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if has_role(user, Role.CENTRAL_LEAD):
        return Q()
    visible = Q(requester_id=user.pk) | Q(routed_unit_id__in=units_led_by(user))
    if has_role(user, Role.SUPPORTER):
        visible |= Q(pk__in=requests_granted_to(user).values("pk"))
    return visible


def visible_requests(user: User) -> QuerySet:
    return SupportRequest.objects.filter(request_visibility(user))


def access_request(request: HttpRequest, request_id: uuid.UUID | str) -> SupportRequest:
    """Fetch a support request the signed-in person may see, or 404 (same as not existing).

    A denied attempt on a request that exists is written to the audit log.
    """
    found = (
        visible_requests(signed_in(request))
        .filter(pk=request_id)
        .select_related("unit", "routed_unit", "assigned_to", "requester")
        .first()
    )
    if found is None:
        if SupportRequest.objects.filter(pk=request_id).exists():
            audit.record_denied(request, object_type="support_request", object_id=str(request_id))
        raise Http404("No such request.")
    return found


def relation_to_request(user: User, support_request: SupportRequest) -> frozenset[str]:
    """How this person stands to a request they can see: requester, central, local_lead, supporter."""
    relations = set()
    if support_request.requester_id == user.pk:
        relations.add("requester")
    if has_role(user, Role.CENTRAL_LEAD):
        relations.add("central")
    if support_request.routed_unit_id and support_request.routed_unit_id in units_led_by(user):
        relations.add("local_lead")
    if support_request.assigned_to_id == user.pk:
        relations.add("supporter")
    return frozenset(relations)


# Who may change a request, by how they stand to it (relation_to_request). The state rules and
# the supporter checks live in support_requests/services.py; this is the "who".
REQUEST_ACTIONS: dict[str, frozenset[str]] = {
    "requester": frozenset({"withdraw", "answer_survey"}),
    "central": frozenset(
        {
            "triage",
            "route",
            "assign",
            "reassign",
            "redirect",
            "close",
            "close_no_contact",
            "take_back",
        }
    ),
    "local_lead": frozenset({"assign", "reassign", "hand_back"}),
    "supporter": frozenset(
        {"accept", "decline", "log_contact", "close", "close_no_contact", "correct"}
    ),
}


def actions_on_request(user: User, support_request: SupportRequest) -> frozenset[str]:
    """Every action this person's role on the request allows (the state rules aside)."""
    relations = relation_to_request(user, support_request)
    return frozenset().union(*(REQUEST_ACTIONS[relation] for relation in relations))


def may_act_on_request(user: User, support_request: SupportRequest, action: str) -> bool:
    """May this person take `action` on this request? (Central leads may act on any request.)"""
    return action in actions_on_request(user, support_request)


def assignable_home_units(user: User, support_request: SupportRequest) -> frozenset[int] | None:
    """Units whose supporters this person may give the request to: None means any unit.

    Central leads assign anyone; a local lead assigns only supporters of the units they lead.
    """
    if "central" in relation_to_request(user, support_request):
        return None
    return units_led_by(user)


def may_open_outreach(user: User, unit_id: int | None) -> bool:
    """Central leads open an outreach anywhere; a local lead only for a unit they lead."""
    return has_role(user, Role.CENTRAL_LEAD) or unit_id in units_led_by(user)


def outreach_visibility(user: User) -> Q:
    """Outreaches this person may open: central leads all, local leads their units', and the
    supporters asked to reach out."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if has_role(user, Role.CENTRAL_LEAD):
        return Q()
    return Q(unit_id__in=units_led_by(user)) | Q(pk__in=_outreach_ids_assigned_to(user.pk))


def _outreach_ids_assigned_to(user_id: int | None) -> QuerySet:
    return OutreachAssignment.objects.filter(supporter_id=user_id).values("outreach_id")


def access_outreach(request: HttpRequest, outreach_id: uuid.UUID | str) -> Outreach:
    """Fetch an outreach the signed-in person may see, or 404."""
    found = (
        Outreach.objects.filter(outreach_visibility(signed_in(request)))
        .filter(pk=outreach_id)
        .select_related("unit")
        .first()
    )
    if found is None:
        if Outreach.objects.filter(pk=outreach_id).exists():
            audit.record_denied(request, object_type="outreach", object_id=str(outreach_id))
        raise Http404("No such outreach.")
    return found
