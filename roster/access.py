"""Who may see and manage supporters, invitations and on-call shifts.

Built on the role primitives of `core.access` (re-exported here, so the roster's views ask one
module). A local lead manages the units they lead and everything below them in the unit tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from core import audit
from core.access import (  # noqa: F401  (re-exported: the roster's views ask this module)
    CAPABILITIES,
    SUPPORTER_ROLE_STATUSES,
    central_leads,
    describe,
    forget_roles,
    has_role,
    may,
    require,
    roles_of,
    signed_in,
)
from core.models import User
from core.roles import Role
from roster.models import (
    LocalLead,
    Nomination,
    NominationState,
    OnCallShift,
    SupporterProfile,
    Unit,
)

if TYPE_CHECKING:
    from django.http import HttpRequest


def units_led_by(user: User) -> frozenset[int]:
    """Ids of the units this person leads as a local lead (cached for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_peersupport_led_units", None)
    if cached is None:
        cached = frozenset(
            LocalLead.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
        )
        user._peersupport_led_units = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def local_leads_of(unit_id: int) -> QuerySet[User]:
    """Active local leads of one unit."""
    return User.objects.filter(is_active=True, led_units__unit_id=unit_id).distinct()


def managed_unit_ids(user: User) -> frozenset[int] | None:
    """Units whose supporters this person manages: None means every unit.

    A lead of a department manages the department's units too (the tree hospital -> department
    -> unit), so the answer is the led units and everything below them (cached for the request).
    """
    if has_role(user, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER):
        return None
    led = units_led_by(user)
    if not led:
        return led
    cached = getattr(user, "_peersupport_managed_units", None)
    if cached is None:
        below = Unit.objects.filter(Q(parent_id__in=led) | Q(parent__parent_id__in=led))
        cached = led | frozenset(below.values_list("pk", flat=True))
        user._peersupport_managed_units = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def may_manage_unit(user: User, unit_id: int) -> bool:
    """May this person manage (nominate into, edit supporters of) this unit?"""
    unit_ids = managed_unit_ids(user)
    return unit_ids is None or unit_id in unit_ids


def supporter_visibility(user: User) -> Q:
    """The Q filter of supporter profiles this person may see and manage (sponsors: none)."""
    if not may(user, "roster.directory"):
        return Q(pk__in=[])
    unit_ids = managed_unit_ids(user)
    return Q() if unit_ids is None else Q(home_unit_id__in=unit_ids)


def access_supporter(request: HttpRequest, profile_id: int) -> SupporterProfile:
    """Fetch a supporter profile the signed-in person manages, or 404 (same as not existing)."""
    found = (
        SupporterProfile.objects.filter(supporter_visibility(signed_in(request)), pk=profile_id)
        .select_related("user", "home_unit")
        .first()
    )
    if found is None:
        if SupporterProfile.objects.filter(pk=profile_id).exists():
            audit.record_denied(request, object_type="supporter_profile", object_id=str(profile_id))
        raise Http404("No such supporter.")
    return found


def access_own_invitation(request: HttpRequest, nomination_id: int) -> Nomination:
    """Fetch a pending invitation addressed to the signed-in person, or 404."""
    found = (
        Nomination.objects.filter(
            pk=nomination_id, nominee_id=request.user.pk, state=NominationState.PENDING
        )
        .select_related("unit")
        .first()
    )
    if found is None:
        if Nomination.objects.filter(pk=nomination_id).exclude(nominee_id=request.user.pk).exists():
            audit.record_denied(request, object_type="nomination", object_id=str(nomination_id))
        raise Http404("No such invitation.")
    return found


def access_own_shift(request: HttpRequest, shift_id: int) -> OnCallShift:
    """Fetch one of the signed-in person's own on-call shifts, or 404."""
    found = OnCallShift.objects.filter(pk=shift_id, supporter_id=request.user.pk).first()
    if found is None:
        if OnCallShift.objects.filter(pk=shift_id).exists():
            audit.record_denied(request, object_type="on_call_shift", object_id=str(shift_id))
        raise Http404("No such shift.")
    return found
