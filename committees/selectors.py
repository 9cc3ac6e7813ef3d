"""The querysets and computed views committee and governance pages need, scoped to the viewer."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from committees import access, occurrences
from committees.models import (
    ActivityStatus,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingRecord,
    PlanActivity,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    RoleAssignment,
)
from core.models import User
from core.roles import GROUP_ROLES, Role
from roster.models import LocalLead, SupporterProfile, SupporterStatus

EDUCATION_COMMITTEE = "education"


def _how_many(rows: QuerySet) -> Subquery:
    """COUNT of a correlated queryset, as a column (0 when it is empty)."""
    return Subquery(
        rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def committees_for(user: User) -> QuerySet[Committee]:
    """The committees this person may open, with member and meeting counts.

    Each count is a subquery of its own: joining the members and the meetings in one GROUP BY
    made members x meetings rows per committee (1,700 for a committee of 13 with ten years of
    meetings) to count DISTINCT, and the page's row count repeated the joins."""
    return (
        access.visible_committees(user)
        .annotate(
            member_count=_how_many(CommitteeMembership.objects.filter(committee=OuterRef("pk"))),
            meeting_count=_how_many(Meeting.objects.filter(committee=OuterRef("pk"))),
            is_mine=Exists(
                CommitteeMembership.objects.filter(committee_id=OuterRef("pk"), user_id=user.pk)
            ),
        )
        .order_by("-is_standing", "name")
    )


def members_of(committee: Committee) -> QuerySet[CommitteeMembership]:
    """Members with their role: chairs first."""
    order = {CommitteeRole.CHAIR: 0, CommitteeRole.CO_CHAIR: 1, CommitteeRole.MEMBER: 2}
    from django.db.models import Case, IntegerField, Value, When

    return (
        committee.memberships.select_related("user")
        .annotate(
            rank=Case(
                *[When(role=role, then=Value(rank)) for role, rank in order.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "user__last_name", "user__first_name")
    )


def meetings_of(committee: Committee) -> QuerySet[Meeting]:
    return committee.meetings.order_by("-starts_at")


def attendance_counts(meeting: Meeting) -> QuerySet:
    """How many attended each occurrence, latest first (one aggregate query)."""
    return (
        meeting.attendance.values("occurrence_on")
        .annotate(attended=Count("user_id"))
        .order_by("-occurrence_on")[:12]
    )


def community_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(kind=MeetingKind.COMMUNITY).order_by("-quarter_start")


def active_supporters() -> QuerySet[User]:
    """Everyone invited to the Peer Supporter Community meetings."""
    return User.objects.filter(
        is_active=True, supporter_profile__status=SupporterStatus.ACTIVE
    ).order_by("pk")


def invitees(meeting: Meeting) -> QuerySet[User]:
    """Who a meeting invites: the committee's members, or every active supporter."""
    if meeting.kind == MeetingKind.COMMUNITY:
        return active_supporters()
    return User.objects.filter(
        is_active=True,
        committee_memberships__committee_id=meeting.committee_id,  # type: ignore[misc]  # set for a committee meeting
    ).order_by("last_name", "first_name", "pk")


def meetings_invited(user: User) -> QuerySet[Meeting]:
    """Meetings this person is invited to (their committees; community meetings if active)."""
    is_active_supporter = SupporterProfile.objects.filter(
        user_id=user.pk, status=SupporterStatus.ACTIVE
    ).exists()
    invited = Q(
        kind=MeetingKind.COMMITTEE,
        committee__in=CommitteeMembership.objects.filter(user_id=user.pk).values("committee_id"),
    )
    if is_active_supporter:
        invited |= Q(kind=MeetingKind.COMMUNITY)
    return Meeting.objects.filter(invited).order_by("starts_at")


# ---------------------------------------------------------------------------------------------
# Agenda and minutes per occurrence
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccurrenceRow:
    """One occurrence on a meeting's list, with the state of its agenda and minutes."""

    meeting_id: int
    day: datetime.date
    starts_at: datetime.datetime
    record: MeetingRecord | None

    @property
    def agenda_published(self) -> bool:
        return self.record is not None and self.record.agenda_published_at is not None

    @property
    def minutes_published(self) -> bool:
        return self.record is not None and self.record.minutes_published_at is not None


def occurrence_rows(meeting: Meeting, now: datetime.datetime) -> list[OccurrenceRow]:
    """The last six occurrences and the next three, most recent first, each with its record
    (one query for the records, whatever the number of occurrences)."""
    past = occurrences.past_occurrences(meeting, now, count=6)
    upcoming = occurrences.next_occurrences(meeting, now, count=3)
    starts = [*reversed(upcoming), *past]
    days = [start.date() for start in starts]
    records = {
        record.occurs_on: record
        for record in MeetingRecord.objects.filter(meeting=meeting, occurs_on__in=days)
    }
    return [
        OccurrenceRow(meeting.pk, start.date(), start, records.get(start.date()))
        for start in starts
    ]


def record_of(meeting: Meeting, day: datetime.date) -> MeetingRecord | None:
    return MeetingRecord.objects.filter(meeting=meeting, occurs_on=day).first()


def actions_of(record: MeetingRecord | None) -> list[MeetingAction]:
    if record is None:
        return []
    return list(record.actions.select_related("owner").order_by("pk"))


def open_actions_before(meeting: Meeting, day: datetime.date) -> list[MeetingAction]:
    """The open actions of the occurrence before `day`: what its agenda will carry forward."""
    previous = (
        MeetingRecord.objects.filter(meeting=meeting, occurs_on__lt=day)
        .order_by("-occurs_on")
        .first()
    )
    if previous is None:
        return []
    return list(previous.actions.filter(done_on__isnull=True).select_related("owner"))


# ---------------------------------------------------------------------------------------------
# Leadership: who holds each role.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleHolders:
    role: Role
    group_name: str
    holders: list[User]


def group_role_holders() -> list[RoleHolders]:
    """Each group role with its holders (one query for the groups and their users)."""
    active_users = User.objects.filter(is_active=True).order_by("last_name", "first_name")
    groups = {
        group.name: group
        for group in Group.objects.filter(name__in=GROUP_ROLES).prefetch_related(
            Prefetch("user_set", queryset=active_users, to_attr="holders")
        )
    }
    return [
        RoleHolders(
            role=role,
            group_name=name,
            holders=groups[name].holders if name in groups else [],
        )
        for name, role in GROUP_ROLES.items()
    ]


def local_leads() -> QuerySet[LocalLead]:
    return LocalLead.objects.select_related("user", "unit").order_by("unit__name")


def committee_chairs() -> QuerySet[CommitteeMembership]:
    return (
        CommitteeMembership.objects.filter(role__in=[CommitteeRole.CHAIR, CommitteeRole.CO_CHAIR])
        .select_related("user", "committee")
        .order_by("committee__name", "role")
    )


def role_history() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("user", "assigned_by", "ended_by")


# ---------------------------------------------------------------------------------------------
# The program plan and its setup checklist (reference 000: the leadership to-dos).
# ---------------------------------------------------------------------------------------------


def plan_activities(today: datetime.date | None = None) -> QuerySet[PlanActivity]:
    """The plan, by area then due date, each row marked `is_late` (not done, past due)."""
    today = today or timezone.localdate()
    late = Q(due_on__lt=today) & ~Q(status=ActivityStatus.DONE)
    return (
        PlanActivity.objects.select_related("area", "responsible", "responsible_committee")
        .annotate(is_late=ExpressionWrapper(late, output_field=BooleanField()))
        .order_by("area__position", "area__name", "due_on", "pk")
    )


def late_activities(today: datetime.date | None = None) -> QuerySet[PlanActivity]:
    """Activities not done whose due date has passed."""
    today = today or timezone.localdate()
    return (
        plan_activities(today)
        .filter(due_on__lt=today)
        .exclude(status=ActivityStatus.DONE)
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class ChecklistItem:
    heading: str
    check: str
    done: bool
    missing: str = ""


def setup_checklist() -> list[ChecklistItem]:
    """The program's setup to-dos, each computed from the data, never ticked by hand."""
    holders = group_role_holders()
    roles_without_holder = [str(h.role.label) for h in holders if not h.holders]
    standing = list(
        Committee.objects.filter(is_standing=True)
        .annotate(
            member_count=Count("memberships", distinct=True),
            chair_count=Count(
                "memberships",
                filter=Q(memberships__role__in=[CommitteeRole.CHAIR, CommitteeRole.CO_CHAIR]),
                distinct=True,
            ),
            recurring_count=Count(
                "meetings",
                filter=~Q(meetings__recurrence="") & Q(meetings__cancelled_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    education = next((c for c in standing if c.slug == EDUCATION_COMMITTEE), None)
    without_chair = [c.name for c in standing if not c.chair_count]
    without_meeting = [c.name for c in standing if not c.recurring_count]
    role_description = current_version_of("supporter-role-description")
    unacknowledged = (
        supporters_missing_acknowledgement(role_description.policy).count()
        if role_description
        else None
    )
    return [
        ChecklistItem(
            "Assign program roles",
            "Every program role has a holder",
            not roles_without_holder,
            ", ".join(roles_without_holder),
        ),
        ChecklistItem(
            "Assign program roles",
            "Every standing committee has a chair or co-chair",
            not without_chair,
            ", ".join(without_chair),
        ),
        ChecklistItem(
            "Train staff on program roles",
            "The Education Committee has at least one member",
            bool(education and education.member_count),
            "" if education and education.member_count else "Education Committee",
        ),
        ChecklistItem(
            "Train staff on program roles",
            "Every active supporter has acknowledged the current role description",
            unacknowledged == 0,
            "No role description is published"
            if unacknowledged is None
            else (f"{unacknowledged} supporters" if unacknowledged else ""),
        ),
        ChecklistItem(
            "Schedule recurring meetings",
            "Each standing committee has a recurring meeting scheduled",
            bool(standing) and not without_meeting,
            ", ".join(without_meeting),
        ),
        ChecklistItem(
            "Schedule recurring meetings",
            "The next quarter's Peer Supporter Community meeting is scheduled",
            Meeting.objects.filter(
                kind=MeetingKind.COMMUNITY,
                starts_at__gte=timezone.now(),
                cancelled_at__isnull=True,
            ).exists(),
            "",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Policies (reference 001: formal policies).
# ---------------------------------------------------------------------------------------------


def current_version_of(slug: str) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(policy__slug=slug)
        .select_related("policy")
        .order_by("-number")
        .first()
    )


def policies_with_current_versions(user: User) -> list[Policy]:
    """Each policy with `.current` (its latest version or None) and `.acknowledged` by `user`.

    Three queries whatever the number of policies.
    """
    policies = list(Policy.objects.order_by("title"))
    latest = {}
    for version in PolicyVersion.objects.filter(policy__in=policies).order_by(
        "policy_id", "number"
    ):
        latest[version.policy_id] = version
    acknowledged = set(
        PolicyAcknowledgement.objects.filter(
            user_id=user.pk, version__in=[v.pk for v in latest.values()]
        ).values_list("version_id", flat=True)
    )
    for policy in policies:
        current = latest.get(policy.pk)
        # Set on each row for the template (not model fields).
        policy.current = current  # type: ignore[attr-defined]
        policy.acknowledged = current is not None and current.pk in acknowledged  # type: ignore[attr-defined]
    return policies


def supporters_missing_acknowledgement(
    policy: Policy, *, unit_ids: Collection[int] | None = None
) -> QuerySet[User]:
    """Active supporters who have not acknowledged the policy's current version.

    `unit_ids` narrows to supporters of those home units (a local lead's view); None: everyone.
    With no published version there is nothing to acknowledge: an empty queryset.
    """
    current = policy.versions.order_by("-number").first()
    if current is None:
        return User.objects.none()
    missing = active_supporters().exclude(
        Exists(PolicyAcknowledgement.objects.filter(version=current, user_id=OuterRef("pk")))
    )
    if unit_ids is not None:
        missing = missing.filter(supporter_profile__home_unit_id__in=unit_ids)
    return missing.select_related("supporter_profile__home_unit").order_by(
        "last_name", "first_name", "pk"
    )


# ---------------------------------------------------------------------------------------------
# For the reports app: community meeting attendance, aggregated in the database.
# ---------------------------------------------------------------------------------------------


def community_meeting_attendance() -> QuerySet:
    """One row per community meeting: quarter_start, starts_at and `attended` (distinct people)."""
    return (
        Meeting.objects.filter(kind=MeetingKind.COMMUNITY)
        .values("quarter_start", "starts_at")
        .annotate(attended=Count("attendance__user", distinct=True))
        .order_by("quarter_start")
    )


def upcoming_meetings(limit: int = 3) -> QuerySet[Meeting]:
    """The next meetings to be held (first occurrences still ahead), soonest first."""
    return (
        Meeting.objects.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
        .select_related("committee")
        .order_by("starts_at", "id")[:limit]
    )
