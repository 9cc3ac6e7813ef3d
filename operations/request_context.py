"""Log lines carry the request id, the signed-in user's id and the timing; never request details.

The request id is the audit origin's (core.audit: the proxy's X-Request-ID when it looks like one,
otherwise made there), so the same id is on the request's log lines, on the audit rows it writes,
in the X-Request-ID response header and, through a task header, on the lines and audit rows of the
Celery tasks it queues.
"""

import logging
import time
from contextvars import ContextVar

from django.urls import Resolver404, resolve
from django.utils.functional import empty

user_id: ContextVar[int | None] = ContextVar("user_id", default=None)

HEADER = "X-Request-ID"
# Probes and scrapers never load a user: liveness must answer without the database.
PROBE_PATHS = ("/healthz", "/readyz", "/metrics")

logger = logging.getLogger("peersupport.requests")


def current_request_id() -> str:
    # Imported here: Django configures logging (this module's filter) before the app registry,
    # and core.audit imports the models.
    from core.audit import current_origin

    return current_origin().request_id


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every log record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        if not hasattr(record, "user_id"):
            record.user_id = user_id.get()
        return True


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
        user_token = user_id.set(_signed_in_user_id(request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user_id.set(_signed_in_user_id(request))  # signed in or out by this request
            response[HEADER] = current_request_id()
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
            user_id.reset(user_token)
