"""Roster querysets, scoped to the viewer. Counts and mixes are computed in the database."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from core import spoken_languages
from core.conf import program_setting
from core.models import User
from core.roles import GROUP_FOR_ROLE, Role
from roster import access
from roster.models import (
    GrantedRole,
    GrantState,
    LocalLead,
    Nomination,
    NominationState,
    OnCallShift,
    RoleGrant,
    SupporterProfile,
    SupporterStatus,
    Unit,
    UnitKind,
    Volunteering,
    VolunteerState,
)


def supporters_visible_to(user: User) -> QuerySet[SupporterProfile]:
    """Supporters of the units this person manages (everyone for central leads and the manager)."""
    return SupporterProfile.objects.filter(access.supporter_visibility(user)).select_related(
        "user", "home_unit", "home_unit__parent"
    )


def managed_units(user: User) -> QuerySet[Unit]:
    """The units (and departments) whose supporters this person manages."""
    units = Unit.objects.exclude(kind=UnitKind.HOSPITAL).select_related("parent")
    unit_ids = access.managed_unit_ids(user)
    return units if unit_ids is None else units.filter(pk__in=unit_ids)


def directory(
    user: User,
    *,
    search: str = "",
    role_type: str = "",
    unit: Unit | None = None,
    language: str = "",
    status: str = "",
    available: str = "",
    refresher_overdue: bool = False,
) -> QuerySet[SupporterProfile]:
    """The directory page: the viewer's supporters, filtered; a fixed number of queries."""
    profiles = supporters_visible_to(user)
    if search:
        profiles = profiles.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    if role_type:
        profiles = profiles.filter(role_type=role_type)
    if unit is not None:
        profiles = profiles.filter(Q(home_unit=unit) | Q(home_unit__parent=unit))
    if language:
        profiles = profiles.filter(spoken_languages.listing(language))
    if status:
        profiles = profiles.filter(status=status)
    if available in ("yes", "no"):
        profiles = profiles.filter(is_available=available == "yes")
    if refresher_overdue:
        profiles = profiles.filter(refresher_due_on__lt=timezone.localdate())
    return profiles.order_by("user__last_name", "user__first_name", "pk")


# The directory's columns, read as plain values: a page of 50 supporters as model instances (with
# their users and units) was a third of the page's time, and each get_FOO_display call translated
# every label of its field again.
DIRECTORY_COLUMNS = (
    "pk",
    "user__first_name",
    "user__last_name",
    "user__email",
    "role_type",
    "home_unit__name",
    "languages",
    "status",
    "is_available",
    "refresher_due_on",
)


def directory_entries(profiles: QuerySet[SupporterProfile]) -> QuerySet:
    """The directory's rows as dicts of DIRECTORY_COLUMNS (one statement per page, as before)."""
    return profiles.values(*DIRECTORY_COLUMNS)


def ready_supporters_filter(prefix: str = "") -> Q:
    """Active, trained (refresher not overdue) and available: who can take a request now."""
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}status": SupporterStatus.ACTIVE,
            f"{prefix}is_available": True,
            f"{prefix}trained_on__isnull": False,
        }
    ) & (
        Q(**{f"{prefix}refresher_due_on__isnull": True})
        | Q(**{f"{prefix}refresher_due_on__gte": today})
    )


def _units_managed_by(user: User) -> QuerySet[Unit]:
    units = Unit.objects.filter(kind=UnitKind.UNIT)
    unit_ids = access.managed_unit_ids(user)
    return units if unit_ids is None else units.filter(pk__in=unit_ids)


def coverage_counts(user: User) -> dict[str, int]:
    """How many units the viewer's coverage lists, and how many of them have no ready supporter:
    one statement (the covered units' ids are one list the database builds once), where counting
    the grouped coverage rows twice took two statements and twice the grouping."""
    covered = SupporterProfile.objects.filter(ready_supporters_filter())
    unit_ids = access.managed_unit_ids(user)
    if unit_ids is not None:  # a lead's few units: not every ready supporter of the hospital
        covered = covered.filter(home_unit_id__in=unit_ids)
    counts = _units_managed_by(user).aggregate(
        units=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered.values("home_unit")))
    )
    return {"units": counts["units"], "uncovered": counts["units"] - counts["covered"]}


def coverage(user: User) -> QuerySet:
    """The viewer's units (dicts of pk, name, department) with how many ready and active
    supporters each has; uncovered units first.

    Plain values: grouping by the three columns shown, not by every column of the unit and of its
    department, a third of the statement's time at 2,000 units and 6,000 supporters; and no model
    instances for a page of units and their departments."""
    return (
        _units_managed_by(user)
        .values("pk", "name", department=F("parent__name"))
        .annotate(
            ready=Count("supporters", filter=ready_supporters_filter("supporters__")),
            active=Count("supporters", filter=Q(supporters__status=SupporterStatus.ACTIVE)),
        )
        .order_by("ready", "department", "name")
    )


def role_type_mix(user: User) -> list[Mapping[str, Any]]:
    """Active supporters per job role type, among those the viewer manages."""
    return list(
        supporters_visible_to(user)
        .filter(status=SupporterStatus.ACTIVE)
        .values("role_type")
        .annotate(count=Count("pk"))
        .order_by("-count", "role_type")
    )


def nominations_visible_to(user: User) -> QuerySet[Nomination]:
    """Nominations into the viewer's units, and those they made; the answer is the state only."""
    nominations = Nomination.objects.select_related("nominee", "unit", "nominated_by")
    unit_ids = access.managed_unit_ids(user)
    if unit_ids is None:
        return nominations
    return nominations.filter(Q(unit_id__in=unit_ids) | Q(nominated_by=user))


def pending_invitations_for(user: User) -> QuerySet[Nomination]:
    return Nomination.objects.filter(nominee=user, state=NominationState.PENDING).select_related(
        "unit"
    )


# ---- on-call rota ----------------------------------------------------------------------------


def pending_volunteerings(user: User) -> QuerySet[Volunteering]:
    """Offers waiting for this person's decision: their units' (every unit's for central leads)."""
    offers = Volunteering.objects.filter(state=VolunteerState.PENDING)
    if not access.may(user, "roster.nominate"):
        return offers.none()
    unit_ids = access.managed_unit_ids(user)
    if unit_ids is not None:
        offers = offers.filter(unit_id__in=unit_ids)
    return offers.select_related("volunteer", "unit").order_by("created_at", "id")


# The rota page shows the coming two weeks, gaps flagged.
ROTA_DAYS_SHOWN = 14


def on_call_supporters(at: datetime.datetime | None = None) -> QuerySet[User]:
    """The active supporters on call at `at` (now by default): whom a "today" request pages."""
    at = at or timezone.now()
    return (
        User.objects.filter(
            is_active=True,
            supporter_profile__status=SupporterStatus.ACTIVE,
            on_call_shifts__starts_at__lte=at,
            on_call_shifts__ends_at__gt=at,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def rota_shifts(start: datetime.datetime, end: datetime.datetime) -> QuerySet[OnCallShift]:
    """Shifts of active supporters that overlap [start, end), in order."""
    return (
        OnCallShift.objects.filter(
            starts_at__lt=end,
            ends_at__gt=start,
            supporter__is_active=True,
            supporter__supporter_profile__status=SupporterStatus.ACTIVE,
        )
        .select_related("supporter", "supporter__supporter_profile__home_unit")
        .order_by("starts_at", "ends_at")
    )


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, in the hospital's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def uncovered_days(
    intervals: list[tuple[datetime.datetime, datetime.datetime]],
    start: datetime.date,
    days: int,
) -> list[datetime.date]:
    """The days in [start, start + days) with any moment that no interval covers."""
    merged: list[list[datetime.datetime]] = []
    for begins, ends in sorted(intervals):
        if merged and begins <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], ends)
        else:
            merged.append([begins, ends])
    gaps = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        begins, ends = day_start(day), day_start(day + datetime.timedelta(days=1))
        if not any(m_begins <= begins and m_ends >= ends for m_begins, m_ends in merged):
            gaps.append(day)
    return gaps


def rota_gap_days(
    start: datetime.date | None = None, days: int | None = None
) -> list[datetime.date]:
    """Days of the coming two weeks (from `start`, today by default) when nobody is on call at
    times."""
    start = start or timezone.localdate()
    if days is None:
        days = program_setting("ROTA_GAP_LOOKAHEAD_DAYS", ROTA_DAYS_SHOWN)
    window = rota_shifts(day_start(start), day_start(start + datetime.timedelta(days=days)))
    return uncovered_days(list(window.values_list("starts_at", "ends_at")), start, days)


# ---- grants of the roles that open request details ----------------------------------------


def pending_grants() -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(state=GrantState.PENDING).select_related(
        "user", "unit", "requested_by"
    )


def recent_grants() -> QuerySet[RoleGrant]:
    """Every grant and removal, newest first: who asked, who confirmed, who ended it, when."""
    return RoleGrant.objects.select_related(
        "user", "unit", "requested_by", "confirmed_by", "ended_by"
    ).order_by("-requested_at", "-id")


def current_holders() -> list[dict]:
    """Everyone who can read request details by role now, with the grant that gave it if any."""
    active = {
        (grant.user_id, grant.role, grant.unit_id): grant
        for grant in RoleGrant.objects.filter(state=GrantState.ACTIVE).select_related(
            "requested_by", "confirmed_by"
        )
    }
    holders = []
    for person in User.objects.filter(groups__name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD]).distinct():
        key: tuple[int, str, int | None] = (person.pk, GrantedRole.CENTRAL_LEAD.value, None)
        holders.append(
            {
                "user": person,
                "role": GrantedRole.CENTRAL_LEAD,
                "unit": None,
                "grant": active.get(key),
            }
        )
    for lead in LocalLead.objects.select_related("user", "unit").order_by("unit__name"):
        key = (lead.user_id, GrantedRole.LOCAL_LEAD.value, lead.unit_id)
        holders.append(
            {
                "user": lead.user,
                "role": GrantedRole.LOCAL_LEAD,
                "unit": lead.unit,
                "grant": active.get(key),
            }
        )
    return holders


def units_without_lead() -> QuerySet[Unit]:
    """Units that can receive routed requests but have no local lead yet."""
    return Unit.objects.filter(kind=UnitKind.UNIT, local_leads__isnull=True).order_by("name")
