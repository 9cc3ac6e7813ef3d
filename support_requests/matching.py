"""Matching suggestions: which supporters fit a request's needs, best first.

One function, no side effects: eligibility is a filter, the ranking an annotation, both computed in
one database query, so a pool of thousands costs the same as a pool of ten.

Eligible: active, trained (trained and refresher not overdue), available, not the requester, and
below MAX_OPEN_ASSIGNMENTS open assignments. Ranked (`rank`) by the request's wishes one after
another: not the requester's own unit when they asked for someone outside it, the role type asked
for, the language, on call now for a request wanted today; ties go to fewer open assignments, then
to whoever was given a request least recently, then to a rotation that differs from request to
request (so that equal supporters, such as everyone newly trained, take turns at the top instead of
the oldest accounts always coming first), never to a name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core import spoken_languages
from roster.models import (
    NURSE_ROLE_TYPES,
    PHYSICIAN_ROLE_TYPES,
    OnCallShift,
    SupporterProfile,
    SupporterStatus,
)
from support_requests.models import HELD_STATES, ConflictDecline, SupportRequest

DEFAULT_MAX_OPEN_ASSIGNMENTS = 3
# The rotation among equals: (user id x MULTIPLIER + the request's seed) mod MODULUS, a prime, so
# each request orders the same supporters differently and every supporter comes first for some.
ROTATION_MULTIPLIER = 7919
ROTATION_MODULUS = 104_729
# The request states in which a supporter holds an assignment (support_requests.models.State).


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
    return never_offered_by_id(support_request.pk, never_offered_named(support_request))


def never_offered_named(support_request: SupportRequest) -> list[int]:
    """The users `never_offered` names on the request itself (not those who declined it)."""
    named = (support_request.not_assign_to_id, support_request.assigned_to_id)
    return [user_id for user_id in named if user_id]


def never_offered_by_id(request_id: Any, named: Iterable[int]) -> Q:
    """`never_offered_filter` from the request's id and `never_offered_named`."""
    excluded = Q(
        user_id__in=ConflictDecline.objects.filter(support_request_id=request_id).values(
            "supporter_id"
        )
    )
    for user_id in named:
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


def _held_by(at_least: int) -> QuerySet:
    """The users holding at least this many open assignments (an uncorrelated subquery over the
    open requests: the database works it out once per statement, not once per supporter)."""
    held = SupportRequest.objects.filter(assigned_to_id__isnull=False, state__in=HELD_STATES)
    if at_least > 1:
        held = (
            held.order_by()
            .values("assigned_to_id")
            .annotate(count=Count("*"))
            .filter(count__gte=at_least)
        )
    return held.values("assigned_to_id")


def eligible_supporters(
    *,
    requester_id: int | None,
    exclude_user_ids: Iterable[int] = (),
    today: datetime.date | None = None,
) -> QuerySet[SupporterProfile]:
    """Supporters who may be given a new assignment now (`today`: the day that counts for a
    refresher's due date, today's by default), annotated with `open_assignments`."""
    today = today or timezone.localdate()
    excluded = {pk for pk in [requester_id, *exclude_user_ids] if pk is not None}
    limit = max_open_assignments()
    # Below the limit, a supporter's open assignments are the number of thresholds 1..limit-1
    # they reach: a few uncorrelated lists instead of a count per supporter (3,180 correlated
    # counts were 40% of the ranking query at 6,000 supporters and ten years of requests).
    open_assignments = sum(
        (_flag(Q(user_id__in=_held_by(at_least))) for at_least in range(1, limit)),
        Value(0),
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
        .exclude(user_id__in=_held_by(limit))
        .annotate(open_assignments=ExpressionWrapper(open_assignments, IntegerField()))
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
    urgent: bool = False,
    rotation_seed: int = 0,
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
        urgent=urgent,
        rotation_seed=rotation_seed,
    )


def rotation_seed(support_request: SupportRequest) -> int:
    """The request's place in the rotation among equal supporters (from its random id)."""
    return support_request.pk.int % ROTATION_MODULUS if support_request.pk else 0


def speaks(language: str) -> Q:
    """Supporters who list `language`: the one place that says how a request's language is
    compared with a supporter's. Both are ISO 639-1 codes (core.spoken_languages); a request
    written before the codes, in words ("Spanish"), is read as its code."""
    return spoken_languages.listing(language_code(language))


def language_code(language: str) -> str:
    """The code `speaks` compares a request's language by."""
    return spoken_languages.code_for(language) or language


@dataclass(frozen=True)
class Wishes:
    """What a request asks of its supporter, as the ranking reads it."""

    avoid_unit_id: int | None  # the requester's unit, when they asked for someone outside it
    role_types: frozenset[str]
    language: str  # as the request wrote it, stripped ("" for no wish)
    urgent: bool

    @classmethod
    def of(
        cls,
        *,
        requester_unit_id: int | None,
        preferred_role: str,
        requester_role_type: str,
        outside_own_unit: bool,
        language: str,
        urgent: bool = False,
    ) -> Wishes:
        return cls(
            avoid_unit_id=requester_unit_id if outside_own_unit else None,
            role_types=wanted_role_types(preferred_role, requester_role_type),
            language=(language or "").strip(),
            urgent=urgent,
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
    urgent: bool = False,
    rotation_seed: int = 0,
) -> list[Suggestion]:
    """The best `limit` of a pool (eligible_supporters, perhaps narrowed), in one query, in the
    order of `ranked`."""
    wishes = Wishes.of(
        requester_unit_id=requester_unit_id,
        preferred_role=preferred_role,
        requester_role_type=requester_role_type,
        outside_own_unit=outside_own_unit,
        language=language,
        urgent=urgent,
    )
    ordered = ranked(
        pool,
        wishes,
        language_code=language_code(wishes.language),
        rotation_seed=rotation_seed % ROTATION_MODULUS,
        now=timezone.now(),
    )
    return suggestions(list(ordered[:limit]), wishes)


def ranked(
    pool: QuerySet[SupporterProfile],
    wishes: Wishes,
    *,
    language_code: str,
    rotation_seed: int,
    now: datetime.datetime,
) -> QuerySet[SupporterProfile]:
    """The pool, best first: the ranking as one statement. The language's code, the rotation seed
    (below ROTATION_MODULUS) and the time are passed on their own, beside the wishes, so that a
    compiled copy of the statement (selectors.suggestions_for) can take new ones.

    The order, one rule after another (a later rule only separates those the earlier ones tie):
    1. when the requester asked for someone outside their own unit, nobody from that unit comes
       before someone from elsewhere (they go last, not away: a lead may still need them);
    2. the role type asked for;
    3. the request's language;
    4. for a request wanted today, whoever is on call now;
    5. fewer open assignments (the load is shared);
    6. whoever was given a request least long ago, someone never given one first;
    7. the request's rotation (`rotation_seed`): equal supporters take turns from one request to
       the next, and the same request always shows the same order (never the name);
    8. the user id, should two supporters share a place in the rotation.
    """
    avoid_unit = wishes.avoid_unit_id is not None
    ordered = pool.annotate(
        own_unit=_flag(Q(home_unit_id=wishes.avoid_unit_id)) if avoid_unit else Value(0),
        role_match=_flag(Q(role_type__in=wishes.role_types)) if wishes.role_types else Value(0),
        language_match=_flag(speaks(language_code)) if wishes.language else Value(0),
        on_call=Exists(_on_call_at(now)),
        rotation=Mod(
            F("user_id") * ROTATION_MULTIPLIER + Value(rotation_seed),
            Value(ROTATION_MODULUS),
        ),
        last_assigned_at=Subquery(
            SupportRequest.objects.filter(
                assigned_to_id=OuterRef("user_id"), assigned_at__isnull=False
            )
            .order_by("-assigned_at")
            .values("assigned_at")[:1]
        ),
    )
    order = ["own_unit", "-role_match", "-language_match"]
    if wishes.urgent:
        order.append("-on_call")
    order += [
        "open_assignments",
        F("last_assigned_at").asc(nulls_first=True),
        "rotation",
        "user_id",
    ]
    return ordered.select_related("user", "home_unit").order_by(*order)


def suggestions(profiles: list[SupporterProfile], wishes: Wishes) -> list[Suggestion]:
    """The ranked profiles (from `ranked`) as suggestions, each with its reasons."""
    language_varies = len({p.language_match for p in profiles}) > 1
    return [
        Suggestion(
            profile=profile,
            score=_score(profile),
            reasons=_reasons(
                profile,
                avoid_unit=wishes.avoid_unit_id is not None,
                role_types=wishes.role_types,
                language=wishes.language,
                language_varies=language_varies,
            ),
        )
        for profile in profiles
    ]


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _score(profile: SupporterProfile) -> int:
    """How many of the request's wishes this supporter meets (for display and tests)."""
    return (1 - profile.own_unit) + profile.role_match + profile.language_match


def _on_call_at(now: datetime.datetime) -> QuerySet[OnCallShift]:
    return OnCallShift.objects.filter(
        supporter_id=OuterRef("user_id"), starts_at__lte=now, ends_at__gt=now
    )


def _reasons(
    profile: SupporterProfile,
    *,
    avoid_unit: bool,
    role_types: frozenset[str],
    language: str,
    language_varies: bool,
) -> list[str]:
    """Why this supporter stands where they do, in the order the ranking weighs it. The language
    is named only where it separates the suggestions shown (not "Speaks English" on every one).
    Nothing here says when the supporter last had a request: that would tell of other requests."""
    reasons = [gettext("On call now")] if profile.on_call else []
    role = profile.get_role_type_display()
    if avoid_unit:
        reasons.append(
            gettext("In the requester's own unit, although they asked for someone outside it")
            if profile.own_unit
            else gettext("Works outside the requester's unit")
        )
    if role_types:
        reasons.append(
            gettext("%(role)s, as asked") % {"role": role}
            if profile.role_match
            else gettext("%(role)s: not the role asked for") % {"role": role}
        )
    if language and language_varies:
        reasons.append(
            gettext("Speaks %(language)s") % {"language": spoken_languages.name_of(language)}
            if profile.language_match
            else gettext("Does not list %(language)s")
            % {"language": spoken_languages.name_of(language)}
        )
    if profile.open_assignments == 0:
        reasons.append(gettext("No open assignments"))
    else:
        reasons.append(
            ngettext(
                "%(count)d open assignment", "%(count)d open assignments", profile.open_assignments
            )
            % {"count": profile.open_assignments}
        )
    return reasons
