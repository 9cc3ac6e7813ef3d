"""Matching suggestions: which supporters fit a request's needs, best first.

One function, no side effects: eligibility is a filter, the ranking an annotation, both computed in
one database query, so a pool of thousands costs the same as a pool of ten.

Eligible: active, trained (trained and refresher not overdue), available, not the requester, and
below MAX_OPEN_ASSIGNMENTS open assignments. Ranked by: the role type the requester asked for, a
home unit other than the requester's when asked, a shared language, fewer open assignments, then
by name and id so the same inputs always give the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from roster.models import (
    NURSE_ROLE_TYPES,
    PHYSICIAN_ROLE_TYPES,
    OnCallShift,
    SupporterProfile,
    SupporterStatus,
)
from support_requests.models import HELD_STATES, ConflictDecline, SupportRequest

DEFAULT_MAX_OPEN_ASSIGNMENTS = 3
# The request states in which a supporter holds an assignment (support_requests.models.State).

# How much each preference weighs: the role asked for matters most, then the unit, then language.
ROLE_WEIGHT = 4
OUTSIDE_UNIT_WEIGHT = 2
LANGUAGE_WEIGHT = 1


@dataclass(frozen=True)
class Suggestion:
    profile: SupporterProfile
    score: int
    reasons: list[str] = field(default_factory=list)


def max_open_assignments() -> int:
    return settings.PEERSUPPORT.get("MAX_OPEN_ASSIGNMENTS", DEFAULT_MAX_OPEN_ASSIGNMENTS)


def wanted_role_types(preferred_role: str, requester_role_type: str) -> frozenset[str]:
    """The job role types that satisfy a request's preference (empty: no preference)."""
    if preferred_role == "nurse":
        return frozenset(NURSE_ROLE_TYPES)
    if preferred_role == "physician":
        return frozenset(PHYSICIAN_ROLE_TYPES)
    if preferred_role == "same_role" and requester_role_type:
        return frozenset({requester_role_type})
    return frozenset()


def never_offered_filter(support_request: SupportRequest) -> Q:
    """The same people as `never_offered`, as a filter on supporter profiles (a subquery, so the
    request page's pool stays one query)."""
    excluded = Q(
        user_id__in=ConflictDecline.objects.filter(support_request_id=support_request.pk).values(
            "supporter_id"
        )
    )
    for user_id in (support_request.not_assign_to_id, support_request.assigned_to_id):
        if user_id:
            excluded |= Q(user_id=user_id)
    return excluded


def never_offered(support_request: SupportRequest) -> list[int]:
    """Users never offered this request: the colleague its requester supported, whoever declined
    it for a conflict of interest, and the supporter holding it now."""
    excluded = [support_request.not_assign_to_id] if support_request.not_assign_to_id else []
    excluded += ConflictDecline.objects.filter(support_request_id=support_request.pk).values_list(
        "supporter_id", flat=True
    )
    if support_request.assigned_to_id:
        excluded.append(support_request.assigned_to_id)
    return excluded


def eligible_supporters(
    *, requester_id: int | None, exclude_user_ids: Iterable[int] = ()
) -> QuerySet[SupporterProfile]:
    """Supporters who may be given a new assignment now, annotated with `open_assignments`."""
    today = timezone.localdate()
    excluded = {pk for pk in [requester_id, *exclude_user_ids] if pk is not None}
    # A correlated count per supporter, served by request_assignee_idx (assigned_to, state). A
    # Count over the join would read every request the supporter ever held: at ten years of
    # history (100,000 requests) that made the request page's three pool queries ~300 ms.
    open_assignments = (
        SupportRequest.objects.filter(assigned_to_id=OuterRef("user_id"), state__in=HELD_STATES)
        .order_by()
        .values("assigned_to_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        SupporterProfile.objects.filter(
            status=SupporterStatus.ACTIVE,
            is_available=True,
            user__is_active=True,
            trained_on__isnull=False,
        )
        .filter(Q(refresher_due_on__isnull=True) | Q(refresher_due_on__gte=today))
        .exclude(user_id__in=excluded)
        .annotate(open_assignments=Coalesce(Subquery(open_assignments), 0))
        .filter(open_assignments__lt=max_open_assignments())
    )


def suggest_supporters(
    *,
    requester_id: int | None,
    requester_unit_id: int | None,
    preferred_role: str,
    requester_role_type: str,
    outside_own_unit: bool,
    language: str,
    limit: int = 5,
    exclude_user_ids: Iterable[int] = (),
) -> list[Suggestion]:
    """The best `limit` eligible supporters for these needs, each with the reasons in plain words."""
    return rank(
        eligible_supporters(requester_id=requester_id, exclude_user_ids=exclude_user_ids),
        requester_unit_id=requester_unit_id,
        preferred_role=preferred_role,
        requester_role_type=requester_role_type,
        outside_own_unit=outside_own_unit,
        language=language,
        limit=limit,
    )


def rank(
    pool: QuerySet[SupporterProfile],
    *,
    requester_unit_id: int | None,
    preferred_role: str,
    requester_role_type: str,
    outside_own_unit: bool,
    language: str,
    limit: int,
) -> list[Suggestion]:
    """The best `limit` of a pool (eligible_supporters, perhaps narrowed), in one query."""
    role_types = wanted_role_types(preferred_role, requester_role_type)
    language = (language or "").strip()
    role_match = (
        Case(When(role_type__in=role_types, then=Value(ROLE_WEIGHT)), default=Value(0))
        if role_types
        else Value(0)
    )
    unit_match = (
        Case(
            When(home_unit_id=requester_unit_id, then=Value(0)),
            default=Value(OUTSIDE_UNIT_WEIGHT),
        )
        if outside_own_unit and requester_unit_id is not None
        else Value(0)
    )
    language_match = (
        Case(When(languages__icontains=language, then=Value(LANGUAGE_WEIGHT)), default=Value(0))
        if language
        else Value(0)
    )
    ranked = (
        pool.annotate(
            role_points=role_match,
            unit_points=unit_match,
            language_points=language_match,
        )
        .annotate(score=ExpressionWrapper(role_match + unit_match + language_match, IntegerField()))
        .annotate(on_call=Exists(_on_call_now()))
        .select_related("user", "home_unit")
        .order_by("-score", "open_assignments", "user__last_name", "user__first_name", "user_id")
    )[:limit]
    return [
        Suggestion(profile=profile, score=profile.score, reasons=_reasons(profile, language))
        for profile in ranked
    ]


def _on_call_now() -> QuerySet[OnCallShift]:
    now = timezone.now()
    return OnCallShift.objects.filter(
        supporter_id=OuterRef("user_id"), starts_at__lte=now, ends_at__gt=now
    )


def _reasons(profile: SupporterProfile, language: str) -> list[str]:
    reasons = ["On call now"] if profile.on_call else []
    if profile.role_points:
        reasons.append(f"{profile.get_role_type_display()}, as asked")
    if profile.unit_points:
        reasons.append("Works outside the requester's unit")
    if profile.language_points:
        reasons.append(f"Speaks {language}")
    if profile.open_assignments == 0:
        reasons.append("No open assignments")
    else:
        plural = "s" if profile.open_assignments > 1 else ""
        reasons.append(f"{profile.open_assignments} open assignment{plural}")
    return reasons
