"""Every change to committees, meetings and governance: one function each, audited.

Invitations and reminders go through the outbox (core.notifications), whose unique
(subject, recipient, kind, occurrence) makes every job here safe to run twice, or twice at once.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from committees import occurrences, selectors
from committees.models import (
    ActivityStatus,
    Attendance,
    Committee,
    CommitteeMembership,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingRecord,
    PlanActivity,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    ProgramArea,
    RoleAssignment,
)
from core import audit
from core.conf import program_setting
from core.models import AuditAction, User
from core.notifications import notify
from core.roles import GROUP_FOR_ROLE, Role
from roster.models import SupporterProfile

# The quarterly Peer Supporter Community meeting: the second Wednesday of the quarter's first
# month at 12:00 local time, unless settings.PEERSUPPORT["COMMUNITY_MEETING_RULE"] says otherwise.
COMMUNITY_MEETING_RULE = "FREQ=MONTHLY;BYDAY=+2WE;BYHOUR=12;BYMINUTE=0;BYSECOND=0"
COMMUNITY_MEETING_MINUTES = 60
COMMUNITY_MEETING_PLACE = "To be announced in the meeting page"
MEETING_REMINDER_HOURS = 24


class CommitteeError(ValueError):
    """A change to committees or governance that is refused, with the reason."""


# ---------------------------------------------------------------------------------------------
# Committees and members
# ---------------------------------------------------------------------------------------------


def create_committee(*, name: str, slug: str, purpose: str, actor: User) -> Committee:
    """Add a committee to the program (the standing ones exist from the start)."""
    with transaction.atomic():
        committee = Committee(name=name, slug=slug, purpose=purpose, is_standing=False)
        committee.full_clean()
        committee.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="committee",
            object_id=committee.pk,
            detail="committee created",
        )
    return committee


def add_member(*, committee: Committee, user: User, role: str, actor: User) -> CommitteeMembership:
    """Make someone a member (or chair, co-chair) of a committee."""
    with transaction.atomic():
        if CommitteeMembership.objects.filter(committee=committee, user=user).exists():
            raise CommitteeError(f"{user.display_name} is already a member of {committee}.")
        membership = CommitteeMembership(committee=committee, user=user, role=role)
        membership.full_clean(validate_unique=False)
        membership.save()
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=actor,
            object_type="committee",
            object_id=committee.pk,
            detail=f"member added: {role}",
        )
    return membership


def remove_member(*, membership: CommitteeMembership, actor: User) -> None:
    """Take someone off a committee."""
    with transaction.atomic():
        committee_id = membership.committee_id
        membership.delete()
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=actor,
            object_type="committee",
            object_id=committee_id,
            detail="member removed",
        )


# ---------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------

# Changing any of these sends a new invitation (SEQUENCE + 1).
SCHEDULE_FIELDS = (
    "title",
    "starts_at",
    "duration_minutes",
    "time_zone",
    "recurrence",
    "location",
    "video_url",
)


def invite(*, meeting: Meeting) -> int:
    """Invite everyone the meeting invites to its current version; returns how many were new."""
    kind = (
        "meeting.community_invitation"
        if meeting.kind == MeetingKind.COMMUNITY
        else "meeting.invitation"
    )
    sent = 0
    for recipient in selectors.invitees(meeting).iterator():
        sent += (
            notify(
                recipient=recipient,
                kind=kind,
                subject_type="meeting",
                subject_id=meeting.pk,
                occurrence=str(meeting.sequence),
            )
            is not None
        )
    return sent


def schedule_meeting(
    *,
    committee: Committee,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    time_zone: str,
    recurrence: str,
    location: str,
    video_url: str,
    agenda: str,
    actor: User,
) -> Meeting:
    """Schedule a committee meeting (one-off or recurring) and invite its members."""
    with transaction.atomic():
        meeting = Meeting(
            kind=MeetingKind.COMMITTEE,
            committee=committee,
            title=title,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            recurrence=recurrence,
            location=location,
            video_url=video_url,
            agenda=agenda,
            created_by=actor,
        )
        meeting.full_clean()
        meeting.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail="meeting scheduled",
        )
        invite(meeting=meeting)
    return meeting


def change_meeting(*, meeting: Meeting, actor: User, **changes: Any) -> Meeting:
    """Change a meeting's time, place or recurrence; members get an updated invitation."""
    unknown = set(changes) - set(SCHEDULE_FIELDS)
    if unknown:
        raise TypeError(f"Not schedule fields: {sorted(unknown)}")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.cancelled_at is not None:
            raise CommitteeError("This meeting has been cancelled; schedule a new one instead.")
        changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
        if not changed:
            return meeting
        for name in changed:
            setattr(meeting, name, changes[name])
        meeting.sequence += 1
        meeting.full_clean()
        meeting.save(update_fields=[*changed, "sequence"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail=f"meeting changed, sequence {meeting.sequence}",
        )
        invite(meeting=meeting)
    return meeting


def cancel_meeting(*, meeting: Meeting, actor: User) -> Meeting:
    """Cancel a meeting (every occurrence): invitees get a METHOD:CANCEL for the same UID."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.cancelled_at is not None:
            raise CommitteeError("This meeting is already cancelled.")
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.save(update_fields=["cancelled_at", "sequence"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail="meeting cancelled",
        )
        for recipient in selectors.invitees(meeting).iterator():
            notify(
                recipient=recipient,
                kind="meeting.cancelled",
                subject_type="meeting",
                subject_id=meeting.pk,
                occurrence=str(meeting.sequence),
            )
    return meeting


def keep_standing_agenda(*, meeting: Meeting, agenda: str, actor: User) -> Meeting:
    """Save the standing agenda each new occurrence starts from (Markdown; rendered sanitised).
    Each occurrence's own agenda and minutes are kept by keep_record."""
    with transaction.atomic():
        meeting.agenda = agenda
        meeting.full_clean()
        meeting.save(update_fields=["agenda"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail="standing agenda saved",
        )
    return meeting


def record_attendance(
    *, meeting: Meeting, occurrence_on: datetime.date, attendees: list[User], actor: User
) -> int:
    """Record who attended one occurrence (replacing what was recorded for it before)."""
    held_on = {
        when.date() for when in occurrences.past_occurrences(meeting, timezone.now(), count=1000)
    }
    if occurrence_on not in held_on:
        raise CommitteeError("The meeting did not take place on that date.")
    invited = set(selectors.invitees(meeting).values_list("pk", flat=True))
    strangers = [user for user in attendees if user.pk not in invited]
    if strangers:
        raise CommitteeError("Only people invited to the meeting can be marked as attending.")
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting, occurrence_on=occurrence_on).delete()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, occurrence_on=occurrence_on, user=u) for u in attendees]
        )
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail=f"attendance {occurrence_on:%Y-%m-%d}",
        )
    return len(attendees)


# ---------------------------------------------------------------------------------------------
# Agenda, minutes and actions of each occurrence
# ---------------------------------------------------------------------------------------------


def takes_place_on(meeting: Meeting, day: datetime.date) -> bool:
    """Whether one of the meeting's occurrences falls on that day (in the meeting's zone)."""
    zone = ZoneInfo(meeting.time_zone)
    start = datetime.datetime.combine(day, datetime.time(0, 0), zone)
    return bool(occurrences.occurrences_between(meeting, start, start + datetime.timedelta(days=1)))


def record_for(*, meeting: Meeting, occurs_on: datetime.date, actor: User) -> MeetingRecord:
    """The agenda and minutes of the occurrence on that day, created on first use: its agenda
    starts from the meeting's standing agenda, and the previous occurrence's open actions are
    carried forward to it."""
    found = MeetingRecord.objects.filter(meeting=meeting, occurs_on=occurs_on).first()
    if found is not None:
        return found
    if not takes_place_on(meeting, occurs_on):
        raise CommitteeError("The meeting does not take place on that date.")
    with transaction.atomic():
        record, created = MeetingRecord.objects.get_or_create(
            meeting=meeting, occurs_on=occurs_on, defaults={"agenda": meeting.agenda}
        )
        if not created:
            return record
        previous = (
            MeetingRecord.objects.filter(meeting=meeting, occurs_on__lt=occurs_on)
            .order_by("-occurs_on")
            .first()
        )
        carried = []
        if previous is not None:
            carried = [
                MeetingAction(
                    record=record,
                    description=action.description,
                    owner_id=action.owner_id,
                    carried_from=action,
                )
                for action in previous.actions.filter(done_on__isnull=True)
            ]
            MeetingAction.objects.bulk_create(carried)
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=meeting.pk,
            detail=f"occurrence {occurs_on:%Y-%m-%d} opened, {len(carried)} actions carried forward",
        )
    return record


def keep_record(*, record: MeetingRecord, agenda: str, minutes: str, actor: User) -> MeetingRecord:
    """Save an occurrence's agenda and minutes (Markdown; rendered sanitised on the page). Once
    published, a change is a correction: the audit log keeps the previous text's length."""
    with transaction.atomic():
        record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
        changed = [
            name
            for name, value in (("agenda", agenda), ("minutes", minutes))
            if getattr(record, name) != value
        ]
        if not changed:
            return record
        previous = {name: len(getattr(record, name)) for name in changed}
        record.agenda, record.minutes = agenda, minutes
        record.full_clean()
        record.save(update_fields=changed)
        for name in changed:  # one row each: the previous length fits the log's detail
            verb = "corrected" if getattr(record, f"{name}_published_at") else "saved"
            audit.record(
                action=AuditAction.STATE_CHANGE,
                actor=actor,
                object_type="meeting",
                object_id=record.meeting_id,
                detail=f"{record.occurs_on:%Y-%m-%d} {name} {verb}, was {previous[name]} chars",
            )
    return record


PUBLISHABLE = ("agenda", "minutes")


def publish_record(*, record: MeetingRecord, part: str, actor: User) -> MeetingRecord:
    """Publish an occurrence's agenda or minutes to everyone the meeting invites; each of them
    is told once (the outbox's constraint)."""
    if part not in PUBLISHABLE:
        raise CommitteeError("Only the agenda or the minutes are published.")
    field = f"{part}_published_at"
    with transaction.atomic():
        record = (
            MeetingRecord.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=record.pk)
        )
        if getattr(record, field) is not None:
            raise CommitteeError(f"The {part} of this occurrence is already published.")
        if not getattr(record, part).strip():
            raise CommitteeError(f"Write the {part} before publishing it.")
        setattr(record, field, timezone.now())
        record.save(update_fields=[field])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=record.meeting_id,
            detail=f"occurrence {record.occurs_on:%Y-%m-%d}: {part} published",
        )
        for recipient in selectors.invitees(record.meeting).iterator():
            notify(
                recipient=recipient,
                kind=f"meeting.{part}_published",
                subject_type="meeting",
                subject_id=record.meeting_id,
                occurrence=f"{record.occurs_on:%Y-%m-%d}",
            )
    return record


def add_action(
    *, record: MeetingRecord, description: str, owner: User | None, actor: User
) -> MeetingAction:
    """Note an action agreed at an occurrence; its owner is told they have something to do."""
    with transaction.atomic():
        action = MeetingAction(record=record, description=description, owner=owner)
        action.full_clean()
        action.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=record.meeting_id,
            detail=f"occurrence {record.occurs_on:%Y-%m-%d}: action {action.pk} added",
        )
        if owner is not None:
            notify(
                recipient=owner,
                kind="meeting.action",
                subject_type="meeting",
                subject_id=record.meeting_id,
                occurrence=f"action-{action.pk}",
            )
    return action


def close_action(*, action: MeetingAction, actor: User) -> MeetingAction:
    """Mark an action done, with the earlier occurrences' copies it was carried forward from."""
    today = timezone.localdate()
    with transaction.atomic():
        if action.done_on is not None:
            raise CommitteeError("This action is already done.")
        chain, current = [action.pk], action
        while current.carried_from_id is not None and len(chain) < 1000:
            chain.append(current.carried_from_id)
            current = MeetingAction.objects.only("carried_from_id").get(pk=current.carried_from_id)
        MeetingAction.objects.filter(pk__in=chain, done_on__isnull=True).update(done_on=today)
        action.done_on = today
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="meeting",
            object_id=action.record.meeting_id,
            detail=f"action {action.pk} done",
        )
    return action


# ---------------------------------------------------------------------------------------------
# The quarterly Peer Supporter Community meeting (reference 004)
# ---------------------------------------------------------------------------------------------


def quarter_start_of(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(day: datetime.date) -> datetime.date:
    start = quarter_start_of(day)
    return datetime.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def community_meeting_start(quarter_start: datetime.date) -> datetime.datetime:
    """When the quarter's community meeting starts: the first match of the rule in the quarter."""
    rule = program_setting("COMMUNITY_MEETING_RULE", COMMUNITY_MEETING_RULE)
    zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime.datetime.combine(quarter_start, datetime.time(0, 0), zone)
    start = rrulestr(rule, dtstart=first).after(first, inc=True)
    if start is None or quarter_start_of(start.date()) != quarter_start:
        raise CommitteeError("The community meeting rule gives no date in that quarter.")
    return start


def community_meeting_title(quarter_start: datetime.date) -> str:
    quarter = (quarter_start.month - 1) // 3 + 1
    return f"Peer Supporter Community meeting, Q{quarter} {quarter_start.year}"


def ensure_community_meeting(*, quarter_start: datetime.date) -> tuple[Meeting, bool]:
    """Create the quarter's community meeting once, and invite every active supporter once.

    Run twice, or by two workers at the same moment, it still makes one meeting (the unique
    constraint on kind and quarter) and one invitation per person (the outbox's constraint).
    """
    quarter_start = quarter_start_of(quarter_start)
    starts_at = community_meeting_start(quarter_start)
    created = False
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                kind=MeetingKind.COMMUNITY,
                quarter_start=quarter_start,
                title=community_meeting_title(quarter_start),
                starts_at=starts_at,
                duration_minutes=COMMUNITY_MEETING_MINUTES,
                time_zone=settings.TIME_ZONE,
                location=program_setting("COMMUNITY_MEETING_PLACE", COMMUNITY_MEETING_PLACE),
            )
            audit.record(
                action=AuditAction.STATE_CHANGE,
                object_type="meeting",
                object_id=meeting.pk,
                detail="community meeting created",
            )
        created = True
    except IntegrityError:
        meeting = Meeting.objects.get(kind=MeetingKind.COMMUNITY, quarter_start=quarter_start)
    if meeting.starts_at > timezone.now() and meeting.cancelled_at is None:
        # Also reaches supporters activated since the last run; the others are not sent twice.
        with transaction.atomic():
            invite(meeting=meeting)
    return meeting, created


# ---------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------


def send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind invitees of each occurrence starting within the reminder window, once each."""
    now = now or timezone.now()
    hours = program_setting("MEETING_REMINDER_HOURS", MEETING_REMINDER_HOURS)
    until = now + datetime.timedelta(hours=hours)
    candidates = Meeting.objects.filter(starts_at__lt=until, cancelled_at__isnull=True).filter(
        ~Q(recurrence="") | Q(starts_at__gte=now)
    )
    sent = 0
    for meeting in candidates:
        for start in occurrences.occurrences_between(meeting, now, until):
            occurrence = f"{start.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
            with transaction.atomic():
                for recipient in selectors.invitees(meeting).iterator():
                    sent += (
                        notify(
                            recipient=recipient,
                            kind="meeting.reminder",
                            subject_type="meeting",
                            subject_id=meeting.pk,
                            occurrence=occurrence,
                        )
                        is not None
                    )
    return sent


# ---------------------------------------------------------------------------------------------
# Program roles: holding a group role is being in its Django group.
# ---------------------------------------------------------------------------------------------


def group_role(role: str) -> Role:
    """The role if it is one of the group roles this page assigns; CommitteeError otherwise.

    The central lead role opens every request's details: it is granted only through the grant
    service of the roster (two people, announced), never here.
    """
    if role not in Role.values or Role(role) not in GROUP_FOR_ROLE:
        raise CommitteeError("That role is not assigned here.")
    if role == Role.CENTRAL_LEAD:
        raise CommitteeError(
            "The central lead role opens request details: it is proposed on the page "
            "“Who can read requests” and takes effect when a second person confirms it."
        )
    return Role(role)


def assign_role(*, user: User, role: Role, actor: User) -> RoleAssignment:
    """Give someone a program role: adds them to the role's group and starts a dated record."""
    role = group_role(role)
    group, _ = Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])
    with transaction.atomic():
        if user.groups.filter(pk=group.pk).exists():
            raise CommitteeError(f"{user.display_name} already holds the role {role.label}.")
        if not user.is_active:
            raise CommitteeError("This account is deactivated.")
        user.groups.add(group)
        assignment = RoleAssignment(user=user, role=role, assigned_by=actor)
        assignment.full_clean(validate_constraints=False)
        assignment.save()
        audit.record(
            action=AuditAction.ROLE_GRANT,
            actor=actor,
            object_type="user",
            object_id=user.pk,
            detail=f"assigned {role.value}",
        )
    return assignment


def remove_role(*, user: User, role: Role, actor: User) -> None:
    """Take a program role away: removes them from the group and ends the dated record."""
    role = group_role(role)
    group = Group.objects.filter(name=GROUP_FOR_ROLE[role]).first()
    with transaction.atomic():
        if group is None or not user.groups.filter(pk=group.pk).exists():
            raise CommitteeError(f"{user.display_name} does not hold the role {role.label}.")
        if role == Role.CHAIR and group.user_set.filter(is_active=True).count() == 1:
            raise CommitteeError("The program needs a chair: assign another one first.")
        user.groups.remove(group)
        today = timezone.localdate()
        RoleAssignment.objects.filter(user=user, role=role, ended_on__isnull=True).update(
            ended_on=today, ended_by=actor
        )
        audit.record(
            action=AuditAction.ROLE_GRANT,
            actor=actor,
            object_type="user",
            object_id=user.pk,
            detail=f"removed {role.value}",
        )


# ---------------------------------------------------------------------------------------------
# The program plan
# ---------------------------------------------------------------------------------------------


def add_area(*, name: str, actor: User) -> ProgramArea:
    """Add a heading to the program plan, after the others."""
    name = name.strip()
    with transaction.atomic():
        if ProgramArea.objects.filter(name__iexact=name).exists():
            raise CommitteeError("The plan already has an area of that name.")
        last = ProgramArea.objects.order_by("-position").values_list("position", flat=True).first()
        area = ProgramArea(name=name, position=(last or 0) + 1)
        area.full_clean()
        area.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="program_area",
            object_id=area.pk,
            detail="area added",
        )
    return area


def rename_area(*, area: ProgramArea, name: str, actor: User) -> ProgramArea:
    """Rename a heading of the plan; its activities stay in it. The audit keeps the old name."""
    name = name.strip()
    with transaction.atomic():
        if ProgramArea.objects.filter(name__iexact=name).exclude(pk=area.pk).exists():
            raise CommitteeError("The plan already has an area of that name.")
        previous = area.name
        if previous == name:
            return area
        area.name = name
        area.full_clean()
        area.save(update_fields=["name"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="program_area",
            object_id=area.pk,
            detail=f"renamed, corrected from {previous!r}",
        )
    return area


def who_fields(who: tuple[str, Any] | None) -> dict[str, Any]:
    """The three "who" columns of a plan activity for ("person", user), ("committee",
    committee), ("role", role value) or None (nobody named yet)."""
    kind, value = who or ("", None)
    return {
        "responsible": value if kind == "person" else None,
        "responsible_committee": value if kind == "committee" else None,
        "responsible_role": value if kind == "role" else "",
    }


def add_plan_activity(
    *,
    area: ProgramArea,
    activity: str,
    who: tuple[str, Any] | None,
    timeframe: str,
    desired_outcome: str,
    due_on: datetime.date | None,
    actor: User,
) -> PlanActivity:
    """Add an activity to the program plan."""
    with transaction.atomic():
        item = PlanActivity(
            area=area,
            activity=activity,
            **who_fields(who),
            timeframe=timeframe,
            desired_outcome=desired_outcome,
            due_on=due_on,
            status=ActivityStatus.PLANNED,
        )
        item.full_clean()
        item.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="plan_activity",
            object_id=item.pk,
            detail="activity added",
        )
    return item


def update_plan_activity(
    *,
    item: PlanActivity,
    status: str,
    due_on: datetime.date | None,
    who: tuple[str, Any] | None,
    actor: User,
) -> PlanActivity:
    """Move an activity on: its status, due date and who is responsible."""
    with transaction.atomic():
        item.status, item.due_on = status, due_on
        for name, value in who_fields(who).items():
            setattr(item, name, value)
        item.full_clean()
        item.save(
            update_fields=[
                "status",
                "due_on",
                "responsible",
                "responsible_committee",
                "responsible_role",
            ]
        )
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="plan_activity",
            object_id=item.pk,
            detail=f"status {status}",
        )
    return item


# ---------------------------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------------------------


def create_policy(*, title: str, body: str, actor: User) -> tuple[Policy, PolicyVersion]:
    """Write a new policy: its first version is published, and acknowledgement is asked for."""
    slug = slugify(title)[:60].strip("-")
    if not slug or slug == "new":
        raise CommitteeError("Give the policy a title with letters or digits.")
    with transaction.atomic():
        if Policy.objects.filter(Q(slug=slug) | Q(title__iexact=title.strip())).exists():
            raise CommitteeError("A policy of that title exists: publish a new version of it.")
        policy = Policy(slug=slug, title=title.strip())
        policy.full_clean()
        policy.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="policy",
            object_id=policy.pk,
            detail="policy created",
        )
        version = publish_policy_version(policy=policy, body=body, actor=actor)
    return policy, version


def publish_policy_version(*, policy: Policy, body: str, actor: User) -> PolicyVersion:
    """Publish a new version: everyone who must acknowledge the policy (every active supporter)
    is asked, through the outbox, to acknowledge this version."""
    with transaction.atomic():
        Policy.objects.select_for_update().filter(pk=policy.pk).first()
        latest = policy.versions.order_by("-number").values_list("number", flat=True).first()
        version = PolicyVersion(
            policy=policy, number=(latest or 0) + 1, body=body, published_by=actor
        )
        version.full_clean()
        version.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="policy",
            object_id=policy.pk,
            detail=f"version {version.number} published",
        )
        for recipient in selectors.active_supporters().iterator():
            notify(
                recipient=recipient,
                kind="policy.acknowledge",
                subject_type="policy",
                subject_id=policy.pk,
                occurrence=str(version.number),
            )
    return version


CONFIDENTIALITY_AGREEMENT = "confidentiality-agreement"


def acknowledge_policy(*, version: PolicyVersion, user: User) -> PolicyAcknowledgement:
    """Record that this person has read and accepts this version of the policy. For the
    confidentiality agreement this is also the supporter's signature on the roster."""
    current = version.policy.versions.order_by("-number").first()
    if current is None or current.pk != version.pk:
        raise CommitteeError("A newer version of this policy has been published: read that one.")
    with transaction.atomic():
        acknowledgement, created = PolicyAcknowledgement.objects.get_or_create(
            version=version, user=user
        )
        if created:
            audit.record(
                action=AuditAction.STATE_CHANGE,
                actor=user,
                object_type="policy",
                object_id=version.policy_id,
                detail=f"acknowledged version {version.number}",
            )
            if version.policy.slug == CONFIDENTIALITY_AGREEMENT:
                SupporterProfile.objects.filter(user=user).update(
                    agreement_signed_on=timezone.localdate(acknowledgement.acknowledged_at)
                )
    return acknowledgement


def record_agreement_signed_on_roster(user: User) -> None:
    """A nominee signed the agreement on the roster: it is their acknowledgement of the current
    confidentiality agreement too (no second audit event: the roster wrote the change)."""
    current = (
        PolicyVersion.objects.filter(policy__slug=CONFIDENTIALITY_AGREEMENT)
        .order_by("-number")
        .first()
    )
    if current is not None:
        PolicyAcknowledgement.objects.get_or_create(version=current, user=user)


def remove_leaver_from_committees(*, user: User) -> int:
    """A leaver is no longer a member of any committee, so no future meeting invites or reminds
    them (past attendance stays for the reports). Returns how many memberships ended.

    Called by identity.services.deactivate_user, which records the leaver's audit event.
    """
    with transaction.atomic():
        removed, _ = CommitteeMembership.objects.filter(user=user).delete()
    return removed
