"""Who may do what: the role primitives every app's access module builds on.

Each app keeps its object rules beside its models (`<app>/access.py`: `support_requests.access`
decides who reads a request's details, `roster.access` who manages a supporter, and so on); they
all start from the roles and capabilities defined here. `docs/confidentiality.md` describes the
whole policy on one page.

Rules of the house:
- anonymous -> sign in (middleware); signed in but not allowed -> 403; an object you may not see
  -> 404, the same answer as for one that does not exist;
- request details: the requester, central leads, the local lead of the unit it was routed to and
  the supporter holding a django-guardian grant on it; nobody else, superusers included;
- guardian is always called with accept_global_perms=False and with_superuser=False.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext

from core import audit
from core.models import User
from core.roles import GROUP_FOR_ROLE, GROUP_ROLES, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

SUPPORTER_ROLE_STATUSES = ("active", "paused", "on_leave")


# The roles that come from rows of the apps above (a unit's lead, a supporter's profile, a committee
# membership) are registered by those apps when Django starts (their AppConfig.ready), so this
# module needs none of their models and still computes every role in one query.
RoleHolders = Callable[[], QuerySet]
_ROLE_HOLDERS: dict[Role, RoleHolders] = {}


def register_role_holders(role: Role, holders: RoleHolders) -> None:
    """Declare where holders of `role` come from: a queryset filtered on user_id=OuterRef("pk")."""
    _ROLE_HOLDERS[role] = holders
    _ROLES_SQL.clear()


def signed_in(request: HttpRequest) -> User:
    """The request's person, signed in on every page but the few public ones (LoginRequiredMiddleware)."""
    return cast(User, request.user)


def roles_of(user: User) -> frozenset[Role]:
    """The roles this person holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_peersupport_roles", None)
    if cached is not None:
        return cached
    flags = _role_flags(user.pk)
    roles = {Role.STAFF}
    roles.update(role for role in _ROLE_HOLDERS if flags.get(f"holds_{role.value}"))
    for index, role in enumerate(GROUP_ROLES.values()):
        if flags.get(f"group_{index}"):
            roles.add(role)
    cached = frozenset(roles)
    user._peersupport_roles = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def _roles_query(pk: Any) -> QuerySet:
    group_flags = {
        f"group_{index}": Exists(
            User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=name)
        )
        for index, name in enumerate(GROUP_ROLES)
    }
    row_flags = {
        f"holds_{role.value}": Exists(holders()) for role, holders in _ROLE_HOLDERS.items()
    }
    return (
        User.objects.filter(pk=pk)
        .annotate(**row_flags, **group_flags)
        .values(*row_flags, *group_flags)[:1]
    )


# The roles query's SQL, compiled once per database: compiling its ten EXISTS took about 1.5 ms
# on every page, running it 0.02 ms. Only the person's id changes between requests; the holders
# registered above are fixed row filters (no clock, no settings), and registering one clears this.
_ROLES_SQL: dict[str, tuple[str, list[Any], int, list[str]]] = {}
_PK_PLACEHOLDER = -7_391_205_813


def _role_flags(pk: int) -> dict[str, Any]:
    alias = router.db_for_read(User)
    compiled = _ROLES_SQL.get(alias)
    if compiled is None:
        query = _roles_query(_PK_PLACEHOLDER).using(alias)
        template, template_params = query.query.sql_with_params()
        positions = [i for i, value in enumerate(template_params) if value == _PK_PLACEHOLDER]
        if len(positions) != 1:  # cannot tell the id apart: compile every time instead
            return next(iter(_roles_query(pk).using(alias)), {})
        names = [*query.query.values_select, *query.query.annotation_select]
        compiled = (template, list(template_params), positions[0], names)
        _ROLES_SQL[alias] = compiled
    sql, params, position, names = compiled
    params = [*params[:position], pk, *params[position + 1 :]]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def forget_roles(user: User) -> None:
    """Drop the cached roles (after a role change within the same request)."""
    for attribute in ("_peersupport_roles", "_peersupport_led_units", "_peersupport_managed_units"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def has_role(user: User, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


EVERYONE = frozenset({Role.STAFF})


LEADS = frozenset({Role.LOCAL_LEAD, Role.CENTRAL_LEAD})


REPORT_READERS = frozenset(
    {Role.SPONSOR, Role.CHAIR, Role.PROGRAM_MANAGER, Role.LOCAL_LEAD, Role.CENTRAL_LEAD}
)


CAPABILITIES: dict[str, frozenset[Role]] = {
    # support_requests
    "requests.submit": EVERYONE,
    "requests.mine": EVERYONE,
    "requests.triage": frozenset({Role.CENTRAL_LEAD}),
    "requests.unit_queue": frozenset({Role.LOCAL_LEAD}),
    "requests.assignments": frozenset({Role.SUPPORTER}),
    "requests.outreach": LEADS,
    "requests.access_log": frozenset({Role.CHAIR}),
    # roster
    "roster.directory": frozenset({Role.LOCAL_LEAD, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER}),
    "roster.nominate": LEADS,
    "roster.manage_everyone": frozenset({Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER}),
    "roster.administer": frozenset({Role.PROGRAM_MANAGER}),
    "roster.on_call_overview": frozenset({Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER}),
    # A supporter's own actions on their profile (availability, pause, on-call shifts).
    "roster.own_profile": frozenset({Role.SUPPORTER}),
    # Who can read request details by role, and the grants that change it (two people each).
    "roster.grants": frozenset({Role.CHAIR, Role.PROGRAM_MANAGER, Role.CENTRAL_LEAD}),
    # training
    "training.browse": EVERYONE,
    "training.schedule": frozenset({Role.PROGRAM_MANAGER}),
    "training.enrol_others": frozenset({Role.LOCAL_LEAD, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER}),
    # Education Committee and program manager; committee membership is narrowed to Education by
    # require_education_or_manager below.
    "training.courses": frozenset({Role.COMMITTEE_MEMBER, Role.PROGRAM_MANAGER}),
    "training.feedback_results": frozenset({Role.COMMITTEE_MEMBER, Role.PROGRAM_MANAGER}),
    # committees and governance
    "committees.browse": frozenset({Role.COMMITTEE_MEMBER, Role.PROGRAM_MANAGER, Role.CHAIR}),
    "committees.manage": frozenset({Role.PROGRAM_MANAGER}),
    "governance.leadership": frozenset({Role.CHAIR, Role.PROGRAM_MANAGER}),
    "governance.assign_roles": frozenset({Role.CHAIR}),
    "governance.plan": frozenset({Role.CHAIR, Role.PROGRAM_MANAGER}),
    "committees.community": frozenset({Role.SUPPORTER, Role.PROGRAM_MANAGER, Role.CHAIR}),
    "committees.policies": EVERYONE,
    "governance.policy_status": frozenset(
        {Role.PROGRAM_MANAGER, Role.CHAIR, Role.CENTRAL_LEAD, Role.LOCAL_LEAD}
    ),
    "governance.publish_policy": frozenset({Role.CHAIR, Role.PROGRAM_MANAGER}),
    # reports
    "reports.dashboard": REPORT_READERS,
    # operations: the scheduled jobs' last success
    "operations.jobs": frozenset({Role.PROGRAM_MANAGER}),
}


def may(user: User, capability: str) -> bool:
    """May this person open pages of this capability? (Templates use it only to hide controls.)"""
    return roles_may(roles_of(user), capability)


def roles_may(roles: frozenset[Role], capability: str) -> bool:
    """May a holder of exactly these roles open pages of this capability?"""
    return bool(roles & CAPABILITIES[capability])


def require(capability: str) -> Callable:
    """View decorator: 403 (and an audit event) unless the person holds a role of `capability`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not may(signed_in(request), capability):
                audit.record_denied(request, object_type="page", object_id=capability)
                raise PermissionDenied(
                    gettext("This page is for: %(roles)s.") % {"roles": describe(capability)}
                )
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def describe(capability: str) -> str:
    return ", ".join(sorted(str(role.label) for role in CAPABILITIES[capability]))


def central_leads() -> QuerySet:
    """Active holders of the central lead role: they receive every new request."""
    return User.objects.filter(
        is_active=True, groups__name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD]
    ).distinct()


def program_managers() -> QuerySet:
    """Active holders of the program manager role: they hear when the outbox gives up on a notice."""
    return User.objects.filter(
        is_active=True, groups__name=GROUP_FOR_ROLE[Role.PROGRAM_MANAGER]
    ).distinct()
