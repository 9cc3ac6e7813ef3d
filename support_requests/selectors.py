"""The querysets request pages need, scoped to the viewer, and the response-time arithmetic."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.conf import program_setting
from core.models import AuditEvent, User
from roster.models import Unit
from support_requests import access, matching
from support_requests.models import (
    HELD_STATES,
    OPEN_STATES,
    Outreach,
    OutreachAssignment,
    SupportRequest,
    urgency_rank,
)

DEFAULT_TARGET_MINUTES = {"today": 30, "this_week": 24 * 60}
# A request is "at risk" once this share of its response-time target has passed without contact.
AT_RISK_SHARE = 0.75
# The lead's supporter picker: ranked suggestions shown, and at most this many search matches.
SUGGESTIONS_SHOWN = 10
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Timing:
    """How a request stands against its response-time target (SPEC 3.1)."""

    age: datetime.timedelta
    target: datetime.timedelta
    left: datetime.timedelta
    reached: bool

    @property
    def met(self) -> bool:
        return self.reached and self.left >= datetime.timedelta(0)

    @property
    def overdue(self) -> bool:
        return self.left < datetime.timedelta(0)

    @property
    def at_risk(self) -> bool:
        """Flagged before the target is missed: most of the time is gone and nobody has called."""
        return not self.reached and not self.overdue and self.age >= self.target * AT_RISK_SHARE

    @property
    def age_words(self) -> str:
        return describe_duration(self.age)

    @property
    def summary(self) -> str:
        if self.reached:
            return "Reached within target" if self.met else "Reached after the target"
        if self.overdue:
            return f"Overdue by {describe_duration(-self.left)}"
        return f"{describe_duration(self.left)} left"


def target_for(urgency: str) -> datetime.timedelta:
    minutes = program_setting("RESPONSE_TARGET_MINUTES", DEFAULT_TARGET_MINUTES)
    return datetime.timedelta(minutes=minutes.get(urgency, DEFAULT_TARGET_MINUTES["this_week"]))


def describe_duration(duration: datetime.timedelta) -> str:
    """'30 minutes', '24 hours', '2 days': how people say a response-time target."""
    minutes = int(duration.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours <= 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


def timing(support_request: SupportRequest, now: datetime.datetime | None = None) -> Timing:
    now = now or timezone.now()
    target = target_for(support_request.urgency)
    reached = support_request.first_contact_at
    age = (reached or now) - support_request.submitted_at
    return Timing(
        age=age,
        target=target,
        left=target - age,
        reached=reached is not None,
    )


Rows = TypeVar("Rows", bound=Iterable[SupportRequest])


def with_timing(rows: Rows, now: datetime.datetime | None = None) -> Rows:
    """Each row gets `timing` (its response target met, missed or pending), for the queue pages."""
    now = now or timezone.now()
    for row in rows:
        row.timing = timing(row, now)  # type: ignore[attr-defined]  # for the template
    return rows


def _queue_order(queryset: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    """Most urgent first, then oldest first (the text codes would sort "this_week" first)."""
    return queryset.annotate(urgency_rank=urgency_rank()).order_by(
        "urgency_rank", "submitted_at", "id"
    )


def requests_of(user: User) -> QuerySet[SupportRequest]:
    """The person's own requests, newest first."""
    return (
        access.visible_requests(user)
        .filter(requester_id=user.pk)
        .select_related("unit")
        .order_by("-submitted_at")
    )


def triage_queue(
    user: User, *, state: str = "", unit: Unit | None = None
) -> QuerySet[SupportRequest]:
    """Requests for the central lead: open ones unless a state is asked for."""
    visible = access.visible_requests(user)
    queryset = visible.filter(state=state) if state else visible.filter(state__in=OPEN_STATES)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return _queue_order(queryset.select_related("unit", "routed_unit", "assigned_to"))


def unit_queue(user: User) -> QuerySet[SupportRequest]:
    """Open requests routed to the units this person leads."""
    return _queue_order(
        access.visible_requests(user)
        .filter(routed_unit_id__in=access.units_led_by(user), state__in=OPEN_STATES)
        .select_related("unit", "routed_unit", "assigned_to")
    )


def assignments_of(user: User) -> QuerySet[SupportRequest]:
    """Requests the supporter holds a grant on and is assigned to, still open."""
    return _queue_order(
        access.requests_granted_to(user)
        .filter(assigned_to_id=user.pk, state__in=HELD_STATES)
        .select_related("unit", "routed_unit", "assigned_to")
    )


def assignable_supporters(actor: User, support_request: SupportRequest) -> QuerySet[User]:
    """The supporters this person may give the request to (matching's eligible set)."""
    exclude = matching.never_offered(support_request)
    eligible = matching.eligible_supporters(
        requester_id=support_request.requester_id, exclude_user_ids=exclude
    )
    units = access.assignable_home_units(actor, support_request)
    if units is not None:
        eligible = eligible.filter(home_unit_id__in=units)
    return (
        User.objects.filter(pk__in=eligible.values("user_id"))
        .select_related("supporter_profile__home_unit")
        .order_by("last_name", "first_name", "pk")
    )


def suggestions_for(actor: User, support_request: SupportRequest) -> list[matching.Suggestion]:
    """Ranked suggestions, limited to the supporters this person may assign."""
    exclude = matching.never_offered(support_request)
    suggestions = matching.suggest_supporters(
        requester_id=support_request.requester_id,
        requester_unit_id=support_request.unit_id,
        preferred_role=support_request.preferred_role,
        requester_role_type=support_request.requester_role_type,
        outside_own_unit=support_request.outside_own_unit,
        language=support_request.language,
        limit=SUGGESTIONS_SHOWN * 4,
        exclude_user_ids=exclude,
    )
    # Only the ranked candidates are checked against the assignable set (not the whole pool:
    # thousands of ids at health-system scale).
    candidates = [s.profile.user_id for s in suggestions]
    allowed = set(
        assignable_supporters(actor, support_request)
        .filter(pk__in=candidates)
        .values_list("pk", flat=True)
    )
    return [s for s in suggestions if s.profile.user_id in allowed][:SUGGESTIONS_SHOWN]


def find_assignable(actor: User, support_request: SupportRequest, term: str) -> list[User]:
    """At most SEARCH_LIMIT supporters this person may assign whose name or email has every
    word of `term` (at least two characters in all)."""
    words = term.split()[:4]
    if len("".join(words)) < 2:
        return []
    found = assignable_supporters(actor, support_request)
    for word in words:
        found = found.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return list(found[:SEARCH_LIMIT])


def outreaches_for(user: User) -> QuerySet[Outreach]:
    return (
        Outreach.objects.filter(access.outreach_visibility(user))
        .select_related("unit")
        .order_by("-opened_at")
    )


def outreach_assignments_of(user: User) -> QuerySet[OutreachAssignment]:
    return (
        OutreachAssignment.objects.filter(supporter_id=user.pk, outreach__closed_at__isnull=True)
        .select_related("outreach__unit")
        .order_by("-assigned_at")
    )


def access_log(*, request_id: str = "") -> QuerySet[AuditEvent]:
    """Events about requests, newest first; one request's when an id is given."""
    events = AuditEvent.objects.filter(object_type="support_request")
    if request_id:
        events = events.filter(object_id=request_id)
    return events.order_by("-at", "-id")
