"""The home page and the health check."""

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from peersupport import access
from peersupport.home import actions_for
from peersupport.models import BenchmarkRow


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


@require_POST
def bench_bare_insert(request):
    """Issue 9's yardstick: the same middleware as the intake POST (session, sign-in, CSRF, one
    transaction) and a single INSERT. Mounted only under PEERSUPPORT_BENCH_BARE_VIEW=1."""
    BenchmarkRow.objects.create()
    return HttpResponse("ok", content_type="text/plain")
