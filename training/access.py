"""Who may run courses, mark attendance and read feedback, and whose enrolments a person manages.

Facilitators come from the Education Committee (a committee membership, looked up by relation so
that training needs none of the committees app's code).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core import audit
from core.access import has_role, may, require, roles_of, signed_in  # noqa: F401  (re-exported)
from core.models import User
from core.roles import Role
from roster.access import managed_unit_ids, may_manage_unit, units_led_by  # noqa: F401
from training.models import Enrolment, TrainingSession

if TYPE_CHECKING:
    from django.http import HttpRequest


EDUCATION_COMMITTEE_SLUG = "education"


def education_committee_members() -> QuerySet:
    """Users on the Education Committee: the people who may facilitate training sessions."""
    return User.objects.filter(
        is_active=True, committee_memberships__committee__slug=EDUCATION_COMMITTEE_SLUG
    ).distinct()


def in_education_committee(user: User) -> bool:
    if not has_role(user, Role.COMMITTEE_MEMBER):
        return False
    return education_committee_members().filter(pk=user.pk).exists()


def is_education_or_manager(user: User) -> bool:
    """The Education Committee and the program manager run courses and read feedback results."""
    return has_role(user, Role.PROGRAM_MANAGER) or in_education_committee(user)


def require_education_or_manager(capability: str) -> Callable:
    """Like `require`, then narrows committee members to the Education Committee (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not is_education_or_manager(signed_in(request)):
                audit.record_denied(request, object_type="page", object_id=capability)
                raise PermissionDenied("This page is for the Education Committee.")
            return view(request, *args, **kwargs)

        return require(capability)(wrapper)

    return decorator


def may_mark_attendance(user: User, session: TrainingSession) -> bool:
    """The session's facilitators and the program manager mark attendance."""
    if has_role(user, Role.PROGRAM_MANAGER):
        return True
    return session.facilitators.filter(pk=user.pk).exists()


def enrolment_visibility(user: User) -> Q:
    """Enrolments this person may act on: their own, their units' people's, or all (managers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    unit_ids = managed_unit_ids(user)
    if unit_ids is None:
        return Q()
    return Q(user_id=user.pk) | Q(user__supporter_profile__home_unit_id__in=unit_ids)


def access_enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    """Fetch an enrolment the signed-in person may act on, or 404."""
    found = (
        Enrolment.objects.filter(enrolment_visibility(signed_in(request)), pk=enrolment_id)
        .select_related("session__course", "user")
        .first()
    )
    if found is None:
        raise Http404("No such enrolment.")
    return found
