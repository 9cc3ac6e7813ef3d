"""The yardsticks: views that do the least the stack allows, behind the same middleware as the
product's pages (session, sign-in, CSRF, one transaction). Mounted only for `make bench` and
`make bench-throughput` (PEERSUPPORT_BENCH_BARE_VIEW=1)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from bench.models import BareInsert

BARE_READ_ROWS = 25


@require_POST
def bare_insert(request):
    """A single INSERT: what the intake POST's throughput is compared with."""
    BareInsert.objects.create()
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bare_read(request):
    """A single SELECT of 25 rows rendered by a minimal template: what list pages are compared with."""
    rows = BareInsert.objects.order_by("-pk").values_list("pk", "created_at")[:BARE_READ_ROWS]
    # No request in the context: the project's context processors (the navigation's roles
    # query) are the product's cost, not the stack's.
    return HttpResponse(render_to_string("bench/bare_read.html", {"rows": rows}))
