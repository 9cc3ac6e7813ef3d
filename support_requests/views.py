"""Request pages: access helper -> form -> service or selector -> render."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from peersupport import access, audit
from peersupport.models import AuditEvent
from support_requests import selectors


@require_GET
@access.require("requests.submit")
def new_request(request):
    return render(request, "support_requests/new.html")


@require_GET
@access.require("requests.mine")
def my_requests(request):
    return render(
        request, "support_requests/mine.html", {"requests": selectors.requests_of(request.user)}
    )


@require_GET
@access.require("requests.triage")
def triage_queue(request):
    return render(
        request,
        "support_requests/queue.html",
        {"title": "Triage queue", "requests": selectors.triage_queue()},
    )


@require_GET
@access.require("requests.unit_queue")
def unit_queue(request):
    return render(
        request,
        "support_requests/queue.html",
        {"title": "Unit queue", "requests": selectors.unit_queue(request.user)},
    )


@require_GET
@access.require("requests.assignments")
def my_assignments(request):
    return render(
        request,
        "support_requests/queue.html",
        {"title": "My assignments", "requests": selectors.assignments_of(request.user)},
    )


@require_GET
def request_detail(request, request_id):
    support_request = access.access_request(request, request_id)
    audit.record(
        action="read_details",
        request=request,
        object_type="support_request",
        object_id=support_request.pk,
    )
    return render(request, "support_requests/detail.html", {"support_request": support_request})


@require_GET
@access.require("requests.access_log")
def access_log(request):
    events = AuditEvent.objects.filter(object_type="support_request")[:200]
    return render(request, "support_requests/access_log.html", {"events": events})
