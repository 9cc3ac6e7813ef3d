"""The querysets request pages need, scoped to the viewer."""

from django.db.models import QuerySet

from peersupport import access
from support_requests.models import OPEN_STATES, State, SupportRequest


def requests_of(user) -> QuerySet[SupportRequest]:
    """The person's own requests, newest first."""
    return (
        SupportRequest.objects.filter(requester_id=user.pk)
        .select_related("unit")
        .order_by("-submitted_at")
    )


def triage_queue() -> QuerySet[SupportRequest]:
    """Open requests for the central lead: most urgent, then oldest first."""
    return (
        SupportRequest.objects.filter(state__in=OPEN_STATES)
        .select_related("unit", "routed_unit", "assigned_to")
        .order_by("urgency", "submitted_at")
    )


def unit_queue(user) -> QuerySet[SupportRequest]:
    """Open requests routed to the units this person leads."""
    return (
        SupportRequest.objects.filter(
            routed_unit_id__in=access.units_led_by(user), state__in=OPEN_STATES
        )
        .select_related("unit", "routed_unit", "assigned_to")
        .order_by("urgency", "submitted_at")
    )


def assignments_of(user) -> QuerySet[SupportRequest]:
    """Requests the supporter holds a grant on and is assigned to, still open."""
    return (
        access.requests_granted_to(user)
        .filter(assigned_to_id=user.pk, state__in=[State.ASSIGNED, State.ACCEPTED, State.CONTACTED])
        .select_related("unit")
        .order_by("submitted_at")
    )
