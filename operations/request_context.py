"""A request id, the signed-in user's id and the timing on every log line; never request details.

The id comes from the proxy's X-Request-ID when it looks like one (nginx sets `$request_id`),
otherwise it is made here. It is returned in the response header, written on each log line of the
request, carried into the Celery tasks the request queues (a task header) and logged beside the
audit events the request writes, so one id ties a page, its jobs and its audit trail together.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.urls import Resolver404, resolve
from django.utils.functional import empty

request_id: ContextVar[str] = ContextVar("request_id", default="")
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)

HEADER = "X-Request-ID"
# A proxy's id is accepted only if it is short and plain: it goes into every log line.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

logger = logging.getLogger("peersupport.requests")


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every log record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        if not hasattr(record, "user_id"):
            record.user_id = user_id.get()
        return True


# Probes and scrapers never load a user: liveness must answer without the database.
PROBE_PATHS = ("/healthz", "/readyz", "/metrics")


def _signed_in_user_id(request) -> int | None:
    user = request.__dict__.get("user")
    if user is None or (request.path in PROBE_PATHS and getattr(user, "_wrapped", None) is empty):
        return None
    return user.pk if user.is_authenticated else None


def _route(request) -> str:
    """The URL pattern's name, not the path: a path or query string may say more than we log."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "not_found"
    return match.view_name or match.route


class RequestLogMiddleware:
    """One JSON line per request: id, user id, route name, method, status and duration.

    It sits after AuthenticationMiddleware, so the user id is known to every line the view logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        current = incoming if _ACCEPTED.match(incoming) else new_request_id()
        request.request_id = current
        id_token = request_id.set(current)
        user_token = user_id.set(_signed_in_user_id(request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user_id.set(_signed_in_user_id(request))  # signed in or out by this request
            response[HEADER] = current
            logger.info(
                "request",
                extra={
                    "route": _route(request),
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(id_token)
            user_id.reset(user_token)
