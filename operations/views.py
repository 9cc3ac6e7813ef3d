"""Readiness, metrics and the job status page."""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access
from core.audit import client_ip
from operations import metrics, readiness, selectors


@transaction.non_atomic_requests
@require_GET
def readyz(request):
    checks = readiness.run_checks()
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


@transaction.non_atomic_requests
@require_GET
def metrics_view(request):
    # Answered only to the scraper's addresses; anyone else gets the same 404 as a missing page.
    if client_ip(request) not in settings.METRICS_ALLOWED_IPS:
        raise Http404
    return HttpResponse(metrics.exposition(), content_type=metrics.CONTENT_TYPE)


@require_GET
@access.require("operations.jobs")
def jobs(request):
    return render(request, "operations/jobs.html", {"jobs": selectors.job_statuses()})
