"""Committees, their meetings, and the program's governance.

Governance lives here too: who holds each leadership role (RoleAssignment keeps the dated history
of the group roles), the program plan and the versioned policies supporters acknowledge.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.roles import GROUP_FOR_ROLE


class Committee(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    purpose = models.TextField(blank=True)
    is_standing = models.BooleanField(
        default=False, help_text="Created with the program; cannot be removed."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    MEMBER = "member", "Member"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    role = models.CharField(
        max_length=16, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    since = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.committee})"


def default_time_zone() -> str:
    return settings.TIME_ZONE


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", "Committee meeting"
    COMMUNITY = "community", "Peer Supporter Community meeting"


class Meeting(models.Model):
    """A one-off or recurring meeting. Recurrence is an RFC 5545 RRULE expanded in `time_zone`.

    `sequence` is the iCalendar SEQUENCE: it goes up by one on each change of time or place, so
    calendar clients replace the invitation they hold (same UID) instead of adding a second one.
    """

    kind = models.CharField(max_length=16, choices=MeetingKind.choices)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    # The first day of the quarter a community meeting belongs to: one meeting per quarter.
    quarter_start = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=160)
    starts_at = models.DateTimeField(help_text="The first (or only) occurrence.")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    time_zone = models.CharField(max_length=64, default=default_time_zone)
    recurrence = models.CharField(
        max_length=255, blank=True, help_text="RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU"
    )
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    # The standing agenda: each occurrence's own agenda (MeetingRecord) starts from it.
    agenda = models.TextField(blank=True, help_text="Markdown")
    # No longer written: minutes belong to each occurrence (MeetingRecord). The column stays while
    # the previous release, which reads it, may still run during an upgrade; drop it after.
    minutes = models.TextField(blank=True, help_text="Markdown")
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "quarter_start"],
                condition=models.Q(kind="community"),
                name="one_community_meeting_per_quarter",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="committee", committee__isnull=False)
                    | models.Q(kind="community", quarter_start__isnull=False)
                ),
                name="meeting_has_committee_or_quarter",
            ),
        ]
        indexes = [
            # A committee page lists its meetings by start.
            models.Index(fields=["committee", "starts_at"], name="meeting_committee_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable for the life of the meeting."""
        return f"meeting-{self.pk}@peer-support"

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)


class Attendance(models.Model):
    """Who attended one occurrence of a meeting (for the reports: community meeting attendance)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    occurrence_on = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "occurrence_on", "user"], name="attendance_once_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting} on {self.occurrence_on}"


GROUP_ROLE_CHOICES = [(role.value, role.label) for role in GROUP_FOR_ROLE]


class RoleAssignment(models.Model):
    """The dated history of who held a program role that is a Django group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=GROUP_ROLE_CHOICES)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_role_assignment",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="role_assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"


class ProgramArea(models.Model):
    """A heading of the program plan (e.g. "Training", "Recruitment"): added and renamed by the
    chair and the program manager."""

    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    ON_HOLD = "on_hold", "On hold"


class PlanActivity(models.Model):
    """One row of the program plan: area, activity, who, timeframe, desired outcome."""

    area = models.ForeignKey(ProgramArea, on_delete=models.PROTECT, related_name="activities")
    activity = models.CharField(max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
    )
    # "Who": a person, a committee or a program role (at most one of the three).
    responsible_committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_activities",
    )
    responsible_role = models.CharField(
        max_length=32, blank=True, default="", db_default="", choices=GROUP_ROLE_CHOICES
    )
    timeframe = models.CharField(max_length=60, blank=True, help_text="e.g. 2 months")
    desired_outcome = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["area__position", "due_on", "id"]
        indexes = [
            # "What is late": not done, due before today.
            models.Index(fields=["status", "due_on"], name="plan_activity_late_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(responsible__isnull=True, responsible_committee__isnull=True)
                    | models.Q(responsible__isnull=True, responsible_role="")
                    | models.Q(responsible_committee__isnull=True, responsible_role="")
                ),
                name="plan_activity_one_who",
            ),
        ]

    def __str__(self) -> str:
        return self.activity

    @property
    def who(self) -> str:
        """The person, committee or role responsible, in words ("" when nobody is named)."""
        if self.responsible_id is not None:
            return self.responsible.display_name
        if self.responsible_committee_id is not None:
            return self.responsible_committee.name
        return self.get_responsible_role_display() if self.responsible_role else ""


class Policy(models.Model):
    """A program policy (confidentiality agreement, role description, scope of peer support)."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=160)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title


class PolicyVersion(models.Model):
    """One published text of a policy; the highest number is the current one."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(help_text="Markdown")
    published_on = models.DateField(default=timezone.localdate)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"


class PolicyAcknowledgement(models.Model):
    """A person's acknowledgement of one version of a policy."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="policy_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.version}"


class MeetingRecord(models.Model):
    """The agenda and minutes of one occurrence of a meeting (a one-off meeting has one).

    Each is a draft, seen only by those who keep the minutes, until it is published to the
    members. A new record starts from the meeting's standing agenda, and the open actions of the
    previous occurrence are carried forward to it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="records")
    occurs_on = models.DateField()
    agenda = models.TextField(blank=True, help_text="Markdown")
    minutes = models.TextField(blank=True, help_text="Markdown")
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "occurs_on"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "occurs_on"], name="meeting_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} on {self.occurs_on}"


class MeetingAction(models.Model):
    """An action agreed at an occurrence; an open one is carried forward to the next occurrence."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_actions",
    )
    done_on = models.DateField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )

    class Meta:
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return self.description
