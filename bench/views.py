"""The yardsticks: views that do the least the stack allows, behind the same middleware as the
product's pages (session, sign-in, CSRF, one transaction). Mounted only for `make bench-throughput`."""

from django.http import HttpResponse
from django.views.decorators.http import require_POST

from bench.models import BareInsert


@require_POST
def bare_insert(request):
    """A single INSERT: what the intake POST's throughput is compared with."""
    BareInsert.objects.create()
    return HttpResponse("ok", content_type="text/plain")
