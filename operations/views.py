"""Readiness, metrics and the job status page."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access
from operations import metrics, readiness, selectors


@login_not_required
@transaction.non_atomic_requests
@require_GET
def readyz(request):
    checks = readiness.run_checks()
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


@login_not_required
@transaction.non_atomic_requests
@require_GET
def metrics_view(request):
    # Only the scraper, connecting directly: a request relayed by a proxy (X-Forwarded-For) is
    # refused whatever address it claims, so a proxy on the same host never opens /metrics.
    relayed = "HTTP_X_FORWARDED_FOR" in request.META
    if relayed or request.META.get("REMOTE_ADDR") not in settings.METRICS_ALLOWED_IPS:
        raise Http404
    return HttpResponse(metrics.exposition(), content_type=metrics.CONTENT_TYPE)


@require_GET
@access.require("operations.jobs")
def jobs(request):
    return render(request, "operations/jobs.html", {"jobs": selectors.job_statuses()})
