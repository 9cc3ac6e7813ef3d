"""The home page and the health check."""

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access
from peersupport.home import actions_for


@require_GET
def home(request):
    roles = access.roles_of(request.user)
    return render(request, "home.html", {"sections": actions_for(request.user, roles)})


@transaction.non_atomic_requests
@require_GET
def healthz(request):
    """Liveness: the process answers. No database, cache or broker (that is /readyz), so a
    PostgreSQL outage never makes the orchestrator restart healthy web processes."""
    return JsonResponse({"status": "alive"})


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
