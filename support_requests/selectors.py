"""The querysets request pages need, scoped to the viewer, and the response-time arithmetic."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from core.compiled_queries import CompiledQueries, StatementValue
from core.conf import program_setting
from core.models import AuditEvent, User
from roster.models import SupporterProfile, Unit
from support_requests import access, matching
from support_requests.models import (
    HELD_STATES,
    OPEN_STATES,
    Outreach,
    OutreachAssignment,
    SupportRequest,
    Urgency,
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
    """How a request stands against its response-time target."""

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
            return (
                gettext("Reached within target")
                if self.met
                else gettext("Reached after the target")
            )
        if self.overdue:
            return gettext("Overdue by %(time)s") % {"time": describe_duration(-self.left)}
        return gettext("%(time)s left") % {"time": describe_duration(self.left)}


def target_for(urgency: str) -> datetime.timedelta:
    minutes = program_setting("RESPONSE_TARGET_MINUTES", DEFAULT_TARGET_MINUTES)
    return datetime.timedelta(minutes=minutes.get(urgency, DEFAULT_TARGET_MINUTES["this_week"]))


def describe_duration(duration: datetime.timedelta) -> str:
    """'30 minutes', '24 hours', '2 days': how people say a response-time target."""
    minutes = int(duration.total_seconds() // 60)
    language = get_language()
    if minutes < 120:
        return _duration_words("minutes", minutes, language)
    hours = minutes // 60
    if hours <= 48:
        return _duration_words("hours", hours, language)
    return _duration_words("days", hours // 24, language)


@lru_cache(maxsize=1024)
def _duration_words(unit: str, count: int, language: str | None) -> str:
    # Remembered per language: a queue says two durations a row, and ngettext evaluates the
    # catalogue's plural formula on every call.
    if unit == "minutes":
        return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
    if unit == "hours":
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


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


def supporter_pool(actor: User, support_request: SupportRequest) -> QuerySet[SupporterProfile]:
    """The supporters this person may give the request to now: matching's eligible set, less
    everyone never offered this request (matching.never_offered_filter), within the units this
    person may assign from (access.assignable_home_units). Suggestions rank it and search filters
    it: one definition, one query each, whatever the size of the roster."""
    units = access.assignable_home_units(actor, support_request)
    return _pool(**_pool_values(support_request, units), any_unit=units is None)


def _pool_values(
    support_request: SupportRequest, units: frozenset[int] | None
) -> dict[str, StatementValue]:
    """What the pool's statement reads from the request and the viewer, as named values."""
    values: dict[str, StatementValue] = {
        "request_id": support_request.pk,
        "today": timezone.localdate(),
    }
    if support_request.requester_id is not None:
        values["requester_id"] = support_request.requester_id
    for index, user_id in enumerate(matching.never_offered_named(support_request)):
        values[f"named_{index}"] = user_id
    for index, unit_id in enumerate(sorted(units or ())):
        values[f"unit_{index}"] = unit_id
    return values


def _pool(*, any_unit: bool, **values: Any) -> QuerySet[SupporterProfile]:
    named = [value for name, value in values.items() if name.startswith("named_")]
    pool = matching.eligible_supporters(
        requester_id=values.get("requester_id"), today=values["today"]
    ).exclude(matching.never_offered_by_id(values["request_id"], named))
    if not any_unit:
        units = [value for name, value in values.items() if name.startswith("unit_")]
        pool = pool.filter(home_unit_id__in=units)
    return pool


# The ranked pool's SQL, compiled once per database and shape (core.compiled_queries): building
# and compiling it took about 4 ms of CPU on every view of the request page, running it less at
# small rosters. The shape is which wishes the request has and how many ids each list holds; the
# ids, the day, the language's code, the rotation seed and the time are parameters.
_RANKED_POOLS = CompiledQueries(SupporterProfile)


def suggestions_for(actor: User, support_request: SupportRequest) -> list[matching.Suggestion]:
    """The best SUGGESTIONS_SHOWN of the pool this person may assign from, ranked in one query."""
    units = access.assignable_home_units(actor, support_request)
    wishes = matching.Wishes.of(
        requester_unit_id=support_request.unit_id,
        preferred_role=support_request.preferred_role,
        requester_role_type=support_request.requester_role_type,
        outside_own_unit=support_request.outside_own_unit,
        language=support_request.language,
        urgent=support_request.urgency == Urgency.TODAY,
    )
    values = _pool_values(support_request, units)
    if wishes.avoid_unit_id is not None:
        values["avoid_unit_id"] = wishes.avoid_unit_id
    if wishes.language:
        values["language_code"] = matching.language_code(wishes.language)
    values["rotation_seed"] = matching.rotation_seed(support_request)
    values["now"] = timezone.now()
    shape = (
        tuple(values),  # which values there are: the wishes present, the length of each list
        units is None,
        wishes.role_types,
        wishes.urgent,
        matching.max_open_assignments(),
        SUGGESTIONS_SHOWN,
    )

    def build(
        *,
        avoid_unit_id: int | None = None,
        language_code: str = "",
        rotation_seed: int,
        now: datetime.datetime,
        **pool_values: StatementValue,
    ) -> QuerySet[SupporterProfile]:
        return matching.ranked(
            _pool(**pool_values, any_unit=units is None),
            dataclasses.replace(wishes, avoid_unit_id=avoid_unit_id),
            language_code=language_code,
            rotation_seed=rotation_seed,
            now=now,
        )[:SUGGESTIONS_SHOWN]

    return matching.suggestions(_RANKED_POOLS.fetch(shape, values, build), wishes)


def find_assignable(actor: User, support_request: SupportRequest, term: str) -> list[User]:
    """At most SEARCH_LIMIT supporters this person may assign whose name or email has every
    word of `term` (at least two characters in all), found in the same pool in one query."""
    words = term.split()[:4]
    if len("".join(words)) < 2:
        return []
    found = supporter_pool(actor, support_request)
    for word in words:
        found = found.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    found = found.select_related("user", "home_unit").order_by(
        "user__last_name", "user__first_name", "user_id"
    )
    # select_related fills each user's supporter_profile too, so the template asks nothing more.
    return [profile.user for profile in found[:SEARCH_LIMIT]]


@dataclass(frozen=True)
class SubmissionHistory:
    duplicate_id: uuid.UUID | None  # an identical open request sent within the window
    sent_within_hour: int


def submission_history(
    *,
    requester_id: int,
    fingerprint: str,
    duplicate_since: datetime.datetime,
    hour_since: datetime.datetime,
) -> SubmissionHistory:
    """The intake's two checks in one statement, after locking the person's row so that one
    person's submissions are serialised until the transaction ends; call it inside
    transaction.atomic."""
    if connection.features.has_select_for_update:
        # Its own statement, first: on PostgreSQL a statement that waited for a row lock still
        # reads with the snapshot it started with, so checks in the locking statement would miss
        # the request the other submission just saved. SQLite has no row locks: its transactions
        # begin IMMEDIATE and so already run one writer at a time.
        User.objects.select_for_update().filter(pk=requester_id).values_list("pk").first()
    mine = SupportRequest.objects.filter(requester_id=OuterRef("pk")).order_by()
    duplicate = mine.filter(
        fingerprint=fingerprint, state__in=OPEN_STATES, submitted_at__gte=duplicate_since
    ).order_by("-submitted_at")
    recent = (
        mine.filter(submitted_at__gte=hour_since)
        .values("requester_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    row = (
        User.objects.filter(pk=requester_id)
        .annotate(
            duplicate_id=Subquery(duplicate.values("pk")[:1]),
            sent_within_hour=Coalesce(Subquery(recent), 0),
        )
        .values("duplicate_id", "sent_within_hour")
        .first()
    ) or {"duplicate_id": None, "sent_within_hour": 0}
    return SubmissionHistory(**row)


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
