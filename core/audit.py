"""Writing the audit log (SPEC 7): one event per detail read, state change, export and denial.

Only ids, codes, time, IP and outcome are written; never free text.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the hospital's own proxies saw it (settings.TRUSTED_PROXY_COUNT).

    With n trusted proxies the client is the n-th entry from the right of X-Forwarded-For: the
    entries to its left were written by the client itself and prove nothing. With none, or with
    fewer entries than proxies (a request that bypassed them), it is the connecting address.
    allauth's sign-in limits use this same function (core.adapters).
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if count <= 0 or len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# The requester's own actions on their request are written by role, never by person: no actor id
# and no IP, so the log never says who asked for help (docs/confidentiality.md).
REQUESTER = "requester"


def record(
    *,
    action: str,
    actor=None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
    outcome: str = "ok",
    by_requester: bool = False,
):
    """Append one audit event. `actor` defaults to the request's signed-in user."""
    from core.models import AuditEvent

    if by_requester:
        return AuditEvent.objects.create(
            actor_id=None,
            action=action,
            detail=f"{REQUESTER} {detail}".strip()[:64],
            object_type=object_type,
            object_id=str(object_id)[:64],
            ip=None,
            outcome=outcome,
        )
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        action=action,
        detail=detail[:64],
        object_type=object_type,
        object_id=str(object_id)[:64],
        ip=client_ip(request),
        outcome=outcome,
    )


def record_denied(request: HttpRequest, *, object_type: str, object_id: str) -> None:
    """Note a denied access; it is written after the response, outside the view's transaction.

    A denial usually ends in a 403 or 404 raised inside the view, which rolls back the request's
    transaction (ATOMIC_REQUESTS): writing the event there would lose it. AuditDenialsMiddleware
    writes what is pending once the view's transaction is over.
    """
    pending = getattr(request, "_pending_denials", None)
    if pending is None:
        record(
            action="denied",
            request=request,
            object_type=object_type,
            object_id=object_id,
            outcome="denied",
        )
        return
    pending.append((object_type, str(object_id)))


class AuditDenialsMiddleware:
    """Writes the denied-access events of a request after its view's transaction has ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._pending_denials = []
        response = self.get_response(request)
        pending, request._pending_denials = request._pending_denials, None
        for object_type, object_id in pending:
            record(
                action="denied",
                request=request,
                object_type=object_type,
                object_id=object_id,
                outcome="denied",
            )
        return response
