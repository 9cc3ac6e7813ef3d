"""Who may open committees, meetings, agendas and minutes, and follow policy acknowledgements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from committees.models import Committee, CommitteeMembership, CommitteeRole, Meeting, MeetingKind
from core import audit
from core.access import forget_roles, has_role, may, require, roles_of, signed_in  # noqa: F401  (re-exported)
from core.models import User
from core.roles import Role
from roster.access import units_led_by  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from django.http import HttpRequest


def oversees_committees(user: User) -> bool:
    """The program manager and the chair see every committee, meeting and set of minutes."""
    return has_role(user, Role.PROGRAM_MANAGER, Role.CHAIR)


def visible_committees(user: User) -> QuerySet:
    """Committees this person may open: their own; every one for the manager and the chair."""
    if oversees_committees(user):
        return Committee.objects.all()
    return Committee.objects.filter(
        Exists(CommitteeMembership.objects.filter(committee_id=OuterRef("pk"), user_id=user.pk))
    )


def visible_meetings(user: User) -> QuerySet:
    """Meetings this person may open: their committees' meetings, and the community meetings
    for peer supporters; every meeting for the manager and the chair. Nobody else's."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Meeting.objects.none()
    if oversees_committees(user):
        return Meeting.objects.all()
    visible = Q(kind=MeetingKind.COMMITTEE) & Q(
        Exists(
            CommitteeMembership.objects.filter(
                committee_id=OuterRef("committee_id"), user_id=user.pk
            )
        )
    )
    if has_role(user, Role.SUPPORTER):
        visible |= Q(kind=MeetingKind.COMMUNITY)
    return Meeting.objects.filter(visible)


def access_committee(request: HttpRequest, slug: str) -> Committee:
    """Fetch a committee the signed-in person may open, or 404 (same as not existing).

    A denied attempt on a committee that exists is written to the audit log.
    """
    found = visible_committees(signed_in(request)).filter(slug=slug).first()
    if found is None:
        existing = Committee.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if existing is not None:
            audit.record_denied(request, object_type="committee", object_id=str(existing))
        raise Http404("No such committee.")
    return found


def access_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """Fetch a meeting the signed-in person may open (agenda, minutes, invitation), or 404.

    A denied attempt on a meeting that exists is written to the audit log.
    """
    found = (
        visible_meetings(signed_in(request))
        .filter(pk=meeting_id)
        .select_related("committee")
        .first()
    )
    if found is None:
        if Meeting.objects.filter(pk=meeting_id).exists():
            audit.record_denied(request, object_type="meeting", object_id=str(meeting_id))
        raise Http404("No such meeting.")
    return found


def may_keep_minutes(user: User, meeting: Meeting) -> bool:
    """Agenda and minutes: the program manager, the chair, and the committee's chair/co-chairs."""
    if oversees_committees(user):
        return True
    return (
        meeting.committee_id is not None
        and CommitteeMembership.objects.filter(
            committee_id=meeting.committee_id,
            user_id=user.pk,
            role__in=[CommitteeRole.CHAIR, CommitteeRole.CO_CHAIR],
        ).exists()
    )


def supporter_units_in_view(user: User) -> frozenset[int] | None:
    """Whose policy acknowledgements this person follows: None means every supporter's."""
    if has_role(user, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER, Role.CHAIR):
        return None
    return units_led_by(user)


def access_meeting_minutes(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting whose agenda and minutes this person may edit: 403 if they may only read it."""
    meeting = access_meeting(request, meeting_id)
    if not may_keep_minutes(signed_in(request), meeting):
        audit.record_denied(request, object_type="meeting_minutes", object_id=str(meeting_id))
        raise PermissionDenied("Only the committee's chairs and the program manager keep minutes.")
    return meeting
