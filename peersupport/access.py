"""Who may do what: the whole confidentiality and access policy of Peer Support, in one file.

Views ask this module on their first line; selectors build their querysets from it; templates only
reflect it (the `may` filter hides controls, it never grants). Grouped by app.

Rules of the house (SPEC 7):
- anonymous -> sign in (middleware); signed in but not allowed -> 403; an object you may not see
  -> 404, the same answer as for one that does not exist;
- request details: the requester, central leads, the local lead of the unit it was routed to and
  the supporter holding a django-guardian grant on it; nobody else, superusers included;
- guardian is always called with accept_global_perms=False and with_superuser=False.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from peersupport import audit
from peersupport.roles import GROUP_ROLES, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from support_requests.models import SupportRequest

# ---------------------------------------------------------------------------------------------
# Roles of the signed-in person, computed once per request in one query.
# ---------------------------------------------------------------------------------------------

SUPPORTER_ROLE_STATUSES = ("active", "paused", "on_leave")


def roles_of(user) -> frozenset[Role]:
    """The roles this person holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_peersupport_roles", None)
    if cached is not None:
        return cached
    from committees.models import CommitteeMembership
    from peersupport.models import User
    from roster.models import LocalLead, SupporterProfile

    group_flags = {
        f"group_{index}": Exists(
            User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=name)
        )
        for index, name in enumerate(GROUP_ROLES)
    }
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            is_local_lead=Exists(LocalLead.objects.filter(user_id=OuterRef("pk"))),
            is_supporter=Exists(
                SupporterProfile.objects.filter(
                    user_id=OuterRef("pk"), status__in=SUPPORTER_ROLE_STATUSES
                )
            ),
            is_member=Exists(CommitteeMembership.objects.filter(user_id=OuterRef("pk"))),
            **group_flags,
        )
        .values("is_local_lead", "is_supporter", "is_member", *group_flags)
        .first()
    ) or {}
    roles = {Role.STAFF}
    if flags.get("is_local_lead"):
        roles.add(Role.LOCAL_LEAD)
    if flags.get("is_supporter"):
        roles.add(Role.SUPPORTER)
    if flags.get("is_member"):
        roles.add(Role.COMMITTEE_MEMBER)
    for index, role in enumerate(GROUP_ROLES.values()):
        if flags.get(f"group_{index}"):
            roles.add(role)
    user._peersupport_roles = frozenset(roles)
    return user._peersupport_roles


def forget_roles(user) -> None:
    """Drop the cached roles (after a role change within the same request)."""
    for attribute in ("_peersupport_roles", "_peersupport_led_units"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def units_led_by(user) -> frozenset[int]:
    """Ids of the units this person leads as a local lead (cached for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_peersupport_led_units", None)
    if cached is None:
        from roster.models import LocalLead

        cached = frozenset(
            LocalLead.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
        )
        user._peersupport_led_units = cached
    return cached


# ---------------------------------------------------------------------------------------------
# Capabilities: which roles open which pages. The access-matrix test reads the same table.
# ---------------------------------------------------------------------------------------------

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
    "governance.publish_policy": frozenset({Role.PROGRAM_MANAGER}),
    # reports
    "reports.dashboard": REPORT_READERS,
    # operations: the scheduled jobs' last success
    "operations.jobs": frozenset({Role.PROGRAM_MANAGER}),
}


def may(user, capability: str) -> bool:
    """May this person open pages of this capability? (Templates use it only to hide controls.)"""
    return bool(roles_of(user) & CAPABILITIES[capability])


def require(capability: str) -> Callable:
    """View decorator: 403 (and an audit event) unless the person holds a role of `capability`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not may(request.user, capability):
                audit.record_denied(request, object_type="page", object_id=capability)
                raise PermissionDenied(f"This page is for: {describe(capability)}.")
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator


def describe(capability: str) -> str:
    return ", ".join(sorted(role.label for role in CAPABILITIES[capability]))


# ---------------------------------------------------------------------------------------------
# support_requests: request details (SPEC 2.1).
# ---------------------------------------------------------------------------------------------

DETAILS_PERMISSION = "support_requests.view_request_details"


def requests_granted_to(user) -> QuerySet:
    """Requests on which this person holds the per-object details grant (assigned supporters)."""
    from guardian.shortcuts import get_objects_for_user

    from support_requests.models import SupportRequest

    return get_objects_for_user(
        user,
        DETAILS_PERMISSION,
        klass=SupportRequest,
        accept_global_perms=False,
        with_superuser=False,
    )


def request_visibility(user) -> Q:
    """The Q filter of requests whose details this person may read (SPEC 2.1)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if has_role(user, Role.CENTRAL_LEAD):
        return Q()
    visible = Q(requester_id=user.pk) | Q(routed_unit_id__in=units_led_by(user))
    if has_role(user, Role.SUPPORTER):
        visible |= Q(pk__in=requests_granted_to(user).values("pk"))
    return visible


def visible_requests(user) -> QuerySet:
    from support_requests.models import SupportRequest

    return SupportRequest.objects.filter(request_visibility(user))


def access_request(request: HttpRequest, request_id) -> SupportRequest:
    """Fetch a support request the signed-in person may see, or 404 (same as not existing).

    A denied attempt on a request that exists is written to the audit log.
    """
    from support_requests.models import SupportRequest

    found = (
        visible_requests(request.user)
        .filter(pk=request_id)
        .select_related("unit", "routed_unit", "assigned_to", "requester")
        .first()
    )
    if found is None:
        if SupportRequest.objects.filter(pk=request_id).exists():
            audit.record_denied(request, object_type="support_request", object_id=str(request_id))
        raise Http404("No such request.")
    return found


def relation_to_request(user, support_request: SupportRequest) -> frozenset[str]:
    """How this person stands to a request they can see: requester, central, local_lead, supporter."""
    relations = set()
    if support_request.requester_id == user.pk:
        relations.add("requester")
    if has_role(user, Role.CENTRAL_LEAD):
        relations.add("central")
    if support_request.routed_unit_id and support_request.routed_unit_id in units_led_by(user):
        relations.add("local_lead")
    if support_request.assigned_to_id == user.pk:
        relations.add("supporter")
    return frozenset(relations)


# Who may change a request, by how they stand to it (relation_to_request). The state rules and
# the supporter checks live in support_requests/services.py; this is the "who".
REQUEST_ACTIONS: dict[str, frozenset[str]] = {
    "requester": frozenset({"withdraw", "answer_survey"}),
    "central": frozenset({"triage", "route", "assign", "reassign", "redirect", "close"}),
    "local_lead": frozenset({"assign", "reassign"}),
    "supporter": frozenset({"accept", "decline", "log_contact", "close"}),
}


def may_act_on_request(user, support_request: SupportRequest, action: str) -> bool:
    """May this person take `action` on this request? (Central leads may act on any request.)"""
    relations = relation_to_request(user, support_request)
    return any(action in REQUEST_ACTIONS[relation] for relation in relations)


def central_leads() -> QuerySet:
    """Active holders of the central lead role: they receive every new request."""
    from peersupport.models import User
    from peersupport.roles import GROUP_FOR_ROLE

    return User.objects.filter(
        is_active=True, groups__name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD]
    ).distinct()


def local_leads_of(unit_id) -> QuerySet:
    """Active local leads of one unit."""
    from peersupport.models import User

    return User.objects.filter(is_active=True, led_units__unit_id=unit_id).distinct()


def may_open_outreach(user, unit_id) -> bool:
    """Central leads open an outreach anywhere; a local lead only for a unit they lead."""
    return has_role(user, Role.CENTRAL_LEAD) or unit_id in units_led_by(user)


def outreach_visibility(user) -> Q:
    """Outreaches this person may open: central leads all, local leads their units', and the
    supporters asked to reach out."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if has_role(user, Role.CENTRAL_LEAD):
        return Q()
    return Q(unit_id__in=units_led_by(user)) | Q(pk__in=_outreach_ids_assigned_to(user.pk))


def _outreach_ids_assigned_to(user_id) -> QuerySet:
    from support_requests.models import OutreachAssignment

    return OutreachAssignment.objects.filter(supporter_id=user_id).values("outreach_id")


def access_outreach(request: HttpRequest, outreach_id):
    """Fetch an outreach the signed-in person may see, or 404."""
    from support_requests.models import Outreach

    found = (
        Outreach.objects.filter(outreach_visibility(request.user))
        .filter(pk=outreach_id)
        .select_related("unit")
        .first()
    )
    if found is None:
        if Outreach.objects.filter(pk=outreach_id).exists():
            audit.record_denied(request, object_type="outreach", object_id=str(outreach_id))
        raise Http404("No such outreach.")
    return found


# ---------------------------------------------------------------------------------------------
# roster
# ---------------------------------------------------------------------------------------------


def managed_unit_ids(user) -> frozenset[int] | None:
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
        from roster.models import Unit

        below = Unit.objects.filter(Q(parent_id__in=led) | Q(parent__parent_id__in=led))
        cached = led | frozenset(below.values_list("pk", flat=True))
        user._peersupport_managed_units = cached
    return cached


def may_manage_unit(user, unit_id: int) -> bool:
    """May this person manage (nominate into, edit supporters of) this unit?"""
    unit_ids = managed_unit_ids(user)
    return unit_ids is None or unit_id in unit_ids


def supporter_visibility(user) -> Q:
    """The Q filter of supporter profiles this person may see and manage (sponsors: none)."""
    if not may(user, "roster.directory"):
        return Q(pk__in=[])
    unit_ids = managed_unit_ids(user)
    return Q() if unit_ids is None else Q(home_unit_id__in=unit_ids)


def access_supporter(request: HttpRequest, profile_id: int):
    """Fetch a supporter profile the signed-in person manages, or 404 (same as not existing)."""
    from roster.models import SupporterProfile

    found = (
        SupporterProfile.objects.filter(supporter_visibility(request.user), pk=profile_id)
        .select_related("user", "home_unit")
        .first()
    )
    if found is None:
        if SupporterProfile.objects.filter(pk=profile_id).exists():
            audit.record_denied(request, object_type="supporter_profile", object_id=str(profile_id))
        raise Http404("No such supporter.")
    return found


def access_own_invitation(request: HttpRequest, nomination_id: int):
    """Fetch a pending invitation addressed to the signed-in person, or 404."""
    from roster.models import Nomination, NominationState

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


def access_own_shift(request: HttpRequest, shift_id: int):
    """Fetch one of the signed-in person's own on-call shifts, or 404."""
    from roster.models import OnCallShift

    found = OnCallShift.objects.filter(pk=shift_id, supporter_id=request.user.pk).first()
    if found is None:
        if OnCallShift.objects.filter(pk=shift_id).exists():
            audit.record_denied(request, object_type="on_call_shift", object_id=str(shift_id))
        raise Http404("No such shift.")
    return found


# ---------------------------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------------------------

EDUCATION_COMMITTEE_SLUG = "education"


def education_committee_members() -> QuerySet:
    """Users on the Education Committee: the people who may facilitate training sessions."""
    from peersupport.models import User

    return User.objects.filter(
        is_active=True, committee_memberships__committee__slug=EDUCATION_COMMITTEE_SLUG
    ).distinct()


def in_education_committee(user) -> bool:
    if not has_role(user, Role.COMMITTEE_MEMBER):
        return False
    from committees.models import CommitteeMembership

    return CommitteeMembership.objects.filter(
        user_id=user.pk, committee__slug=EDUCATION_COMMITTEE_SLUG
    ).exists()


def is_education_or_manager(user) -> bool:
    """The Education Committee and the program manager run courses and read feedback results."""
    return has_role(user, Role.PROGRAM_MANAGER) or in_education_committee(user)


def require_education_or_manager(capability: str) -> Callable:
    """Like `require`, then narrows committee members to the Education Committee (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not is_education_or_manager(request.user):
                audit.record_denied(request, object_type="page", object_id=capability)
                raise PermissionDenied("This page is for the Education Committee.")
            return view(request, *args, **kwargs)

        return require(capability)(wrapper)

    return decorator


def may_mark_attendance(user, session) -> bool:
    """The session's facilitators and the program manager mark attendance."""
    if has_role(user, Role.PROGRAM_MANAGER):
        return True
    return session.facilitators.filter(pk=user.pk).exists()


def enrolment_visibility(user) -> Q:
    """Enrolments this person may act on: their own, their units' people's, or all (managers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    unit_ids = managed_unit_ids(user)
    if unit_ids is None:
        return Q()
    return Q(user_id=user.pk) | Q(user__supporter_profile__home_unit_id__in=unit_ids)


def access_enrolment(request: HttpRequest, enrolment_id):
    """Fetch an enrolment the signed-in person may act on, or 404."""
    from training.models import Enrolment

    found = (
        Enrolment.objects.filter(enrolment_visibility(request.user), pk=enrolment_id)
        .select_related("session__course", "user")
        .first()
    )
    if found is None:
        raise Http404("No such enrolment.")
    return found


# ---------------------------------------------------------------------------------------------
# committees
# ---------------------------------------------------------------------------------------------


def oversees_committees(user) -> bool:
    """The program manager and the chair see every committee, meeting and set of minutes."""
    return has_role(user, Role.PROGRAM_MANAGER, Role.CHAIR)


def visible_committees(user) -> QuerySet:
    """Committees this person may open: their own; every one for the manager and the chair."""
    from committees.models import Committee, CommitteeMembership

    if oversees_committees(user):
        return Committee.objects.all()
    return Committee.objects.filter(
        Exists(CommitteeMembership.objects.filter(committee_id=OuterRef("pk"), user_id=user.pk))
    )


def visible_meetings(user) -> QuerySet:
    """Meetings this person may open: their committees' meetings, and the community meetings
    for peer supporters; every meeting for the manager and the chair. Nobody else's."""
    from committees.models import CommitteeMembership, Meeting, MeetingKind

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


def access_committee(request: HttpRequest, slug: str):
    """Fetch a committee the signed-in person may open, or 404 (same as not existing).

    A denied attempt on a committee that exists is written to the audit log.
    """
    from committees.models import Committee

    found = visible_committees(request.user).filter(slug=slug).first()
    if found is None:
        existing = Committee.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if existing is not None:
            audit.record_denied(request, object_type="committee", object_id=str(existing))
        raise Http404("No such committee.")
    return found


def access_meeting(request: HttpRequest, meeting_id: int):
    """Fetch a meeting the signed-in person may open (agenda, minutes, invitation), or 404.

    A denied attempt on a meeting that exists is written to the audit log.
    """
    from committees.models import Meeting

    found = visible_meetings(request.user).filter(pk=meeting_id).select_related("committee").first()
    if found is None:
        if Meeting.objects.filter(pk=meeting_id).exists():
            audit.record_denied(request, object_type="meeting", object_id=str(meeting_id))
        raise Http404("No such meeting.")
    return found


def may_keep_minutes(user, meeting) -> bool:
    """Agenda and minutes: the program manager, the chair, and the committee's chair/co-chairs."""
    from committees.models import CommitteeMembership, CommitteeRole

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


def supporter_units_in_view(user) -> frozenset[int] | None:
    """Whose policy acknowledgements this person follows: None means every supporter's."""
    if has_role(user, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER, Role.CHAIR):
        return None
    return units_led_by(user)


def access_meeting_minutes(request: HttpRequest, meeting_id: int):
    """A meeting whose agenda and minutes this person may edit: 403 if they may only read it."""
    meeting = access_meeting(request, meeting_id)
    if not may_keep_minutes(request.user, meeting):
        audit.record_denied(request, object_type="meeting_minutes", object_id=str(meeting_id))
        raise PermissionDenied("Only the committee's chairs and the program manager keep minutes.")
    return meeting


# ---------------------------------------------------------------------------------------------
# reports
# ---------------------------------------------------------------------------------------------


def report_unit_ids(user) -> frozenset[int] | None:
    """Units whose figures this person's reports cover: None means the whole hospital.

    Central leads, the program manager, chairs and sponsors see the whole program; a local lead
    sees only the units (or departments) they lead, however else they hold the dashboard.
    """
    if has_role(user, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER, Role.CHAIR, Role.SPONSOR):
        return None
    return units_led_by(user)
