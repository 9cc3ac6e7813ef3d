"""Writing the audit log: one event per detail read, state change, export and denial.

Only ids, codes, time, IP, request id and outcome are written; never free text. The IP and the
request id come from a context variable that RequestContextMiddleware sets for each HTTP request
(and `bind_task` for each Celery task), so services need no HTTP request to audit.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.models import AuditAction, AuditOutcome

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from core.models import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where the current work came from: the client's IP (HTTP only) and a request or task id."""

    ip: str | None = None
    request_id: str = ""


NO_ORIGIN = Origin()  # a management command, a shell: no IP, no request id
_origin: ContextVar[Origin] = ContextVar("audit_origin", default=NO_ORIGIN)


def current_origin() -> Origin:
    return _origin.get()


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
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


# The requester's own actions on their request are written by role, never by person: no actor
# id, no IP and no request id (which the proxy's log ties to an address), so the log never says
# who asked for help (docs/confidentiality.md).
REQUESTER = "requester"


# The proxy's request id (nginx's $request_id, sent as X-Request-ID) is kept when it is short and
# plain, so one id joins the proxy's log, the application's log lines and these audit rows.
_PLAIN_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The Celery message header that carries the request id into the tasks a request queues.
TASK_HEADER = "peersupport_request_id"


def request_id_for(request: HttpRequest) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if _PLAIN_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class RequestContextMiddleware:
    """Sets the audit origin (client IP, the request id) for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _origin.set(Origin(ip=client_ip(request), request_id=request_id_for(request)))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)


def bind_task(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    """Celery's task_prerun: a task's audit rows carry the id of the request that queued it, or
    its own task id when nothing queued it from a request (there is no IP)."""
    carried = task.request.get(TASK_HEADER) if task is not None else None
    _origin.set(Origin(request_id=carried or task_id or ""))


def unbind_task(**_: Any) -> None:
    """Celery's task_postrun: a worker process does not carry one task's origin into the next."""
    _origin.set(NO_ORIGIN)


def record(
    *,
    action: AuditAction,
    actor: Any = None,
    object_type: str = "",
    object_id: object = "",
    detail: str = "",
    outcome: AuditOutcome | str = AuditOutcome.OK,
    by_requester: bool = False,
) -> AuditEvent:
    """Append one audit event, with the IP and request id of the current origin."""
    from core.models import AuditEvent

    if by_requester:
        return AuditEvent.objects.create(
            actor_id=None,
            action=action,
            detail=f"{REQUESTER} {detail}".strip()[:64],
            object_type=object_type,
            object_id=str(object_id)[:64],
            ip=None,
            request_id=None,
            outcome=outcome,
        )
    origin = _origin.get()
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        action=action,
        detail=detail[:64],
        object_type=object_type,
        object_id=str(object_id)[:64],
        ip=origin.ip,
        request_id=origin.request_id or None,
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
            action=AuditAction.DENIED,
            actor=_signed_in(request),
            object_type=object_type,
            object_id=object_id,
            outcome=AuditOutcome.DENIED,
        )
        return
    pending.append((object_type, str(object_id)))


def _signed_in(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditDenialsMiddleware:
    """Writes the denied-access events of a request after its view's transaction has ended."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._pending_denials = []  # type: ignore[attr-defined]  # read by record_denied
        response = self.get_response(request)
        pending = request._pending_denials  # type: ignore[attr-defined]
        request._pending_denials = None  # type: ignore[attr-defined]
        for object_type, object_id in pending:
            record(
                action=AuditAction.DENIED,
                actor=_signed_in(request),
                object_type=object_type,
                object_id=object_id,
                outcome=AuditOutcome.DENIED,
            )
        return response
