"""The hospital's structure and the peer supporter pool."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spoken_languages import names_of


class UnitKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit")


class Unit(models.Model):
    """A node of the tree hospital -> department -> unit."""

    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=16, choices=UnitKind.choices, default=UnitKind.UNIT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # How many people work there, when known: bounds an outreach's logged contacts.
    headcount = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="hospital") | models.Q(parent__isnull=False),
                name="unit_has_parent_unless_hospital",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def department(self) -> "Unit | None":
        """The department this unit belongs to (itself for a department)."""
        if self.kind == UnitKind.DEPARTMENT:
            return self
        if self.kind == UnitKind.UNIT:
            return self.parent
        return None


class LocalLead(models.Model):
    """Ties a local peer support lead to a unit they lead (a unit-scoped role)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="led_units"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="local_leads")
    since = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="local_lead_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} leads {self.unit}"


class JobRoleType(models.TextChoices):
    NURSE = "nurse", _("Nurse")
    NURSING_SUPPORT = "nursing_support", _("Nursing support staff")
    NP_PA = "np_pa", _("Nurse practitioner / physician assistant")
    RESIDENT = "resident", _("Resident")
    FELLOW = "fellow", _("Fellow")
    ATTENDING = "attending", _("Attending physician")
    PHARMACIST = "pharmacist", _("Pharmacist")
    TECHNICIAN = "technician", _("Technician")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    OTHER = "other", _("Other")


# What a requester may ask for ("a nurse", "a physician") maps onto role types.
PHYSICIAN_ROLE_TYPES = frozenset({JobRoleType.RESIDENT, JobRoleType.FELLOW, JobRoleType.ATTENDING})
NURSE_ROLE_TYPES = frozenset({JobRoleType.NURSE, JobRoleType.NP_PA})


class SupporterStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ON_LEAVE = "on_leave", _("On leave")
    RETIRED = "retired", _("Retired")


class SupporterProfile(models.Model):
    """A peer supporter: created by the nominee's own acceptance of a nomination, or imported by
    the program manager from the roster the program kept before (people already in it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_profile"
    )
    role_type = models.CharField(max_length=32, choices=JobRoleType.choices)
    home_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="supporters")
    # ISO 639-1 codes separated by commas ("en,es"), as core.spoken_languages offers them.
    languages = models.CharField(max_length=200, blank=True, default="en")
    status = models.CharField(
        max_length=16, choices=SupporterStatus.choices, default=SupporterStatus.ACTIVE
    )
    is_available = models.BooleanField(default=True)
    trained_on = models.DateField(null=True, blank=True)
    refresher_due_on = models.DateField(null=True, blank=True)
    agreement_signed_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        indexes = [
            # Matching and coverage: active, available supporters of a unit.
            models.Index(
                fields=["status", "is_available", "home_unit"], name="supporter_match_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_type_display()})"

    @property
    def language_names(self) -> str:
        """The languages by their own names ("English, Español")."""
        return names_of(self.languages)

    @property
    def is_trained(self) -> bool:
        return self.trained_on is not None and (
            self.refresher_due_on is None or self.refresher_due_on >= timezone.localdate()
        )


class StatusChange(models.Model):
    """One dated change of a supporter's status, written by roster.services (never edited)."""

    profile = models.ForeignKey(
        SupporterProfile, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=SupporterStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=SupporterStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            # The supporter page lists one profile's history, newest first.
            models.Index(fields=["profile", "-changed_at"], name="status_change_profile_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.from_status or '-'} -> {self.to_status}"


class NominationState(models.TextChoices):
    PENDING = "pending", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Nomination(models.Model):
    """An invitation to become a peer supporter. Only the nominee may answer it."""

    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations")
    role_type = models.CharField(max_length=32, choices=JobRoleType.choices)
    state = models.CharField(
        max_length=16, choices=NominationState.choices, default=NominationState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per person at a time.
            models.UniqueConstraint(
                fields=["nominee"],
                condition=models.Q(state="pending"),
                name="nomination_one_pending_per_nominee",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending", answered_at__isnull=True)
                | (~models.Q(state="pending") & models.Q(answered_at__isnull=False)),
                name="nomination_answered_at_iff_answered",
            ),
        ]
        indexes = [
            # The leads' list of nominations for their units, newest first.
            models.Index(fields=["unit", "-created_at"], name="nomination_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.nominee_id} ({self.state})"


class OnCallShift(models.Model):
    """A supporter's on-call shift: they can be reached at any hour between the two times."""

    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="on_call_shift_ends_after_it_starts",
            ),
        ]
        indexes = [
            # "Who is on call at this moment" and the week ahead: shifts ending after a time.
            models.Index(fields=["ends_at", "starts_at"], name="on_call_window_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supporter_id} on call {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"


class VolunteerState(models.TextChoices):
    PENDING = "pending", _("Waiting for a lead")
    APPROVED = "approved", _("Approved: invitation sent")
    REFUSED = "refused", _("Not taken forward")


class Volunteering(models.Model):
    """A staff member's offer to become a peer supporter. The unit's local lead (or a central
    lead) approves it, which sends the usual invitation; only the volunteer's acceptance of the
    role description and confidentiality agreement makes them a supporter."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteerings"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="volunteerings")
    role_type = models.CharField(max_length=32, choices=JobRoleType.choices)
    state = models.CharField(
        max_length=16, choices=VolunteerState.choices, default=VolunteerState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nomination = models.OneToOneField(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="volunteering"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=models.Q(state="pending"),
                name="volunteering_one_pending_per_person",
            )
        ]
        indexes = [
            # The leads' list: pending offers of their units, oldest first.
            models.Index(fields=["state", "unit", "created_at"], name="volunteering_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"Volunteering {self.pk} ({self.get_state_display()})"


class GrantedRole(models.TextChoices):
    """The roles that open request details: granted only by two people (docs/confidentiality.md)."""

    CENTRAL_LEAD = "central_lead", _("Central Peer Support Lead")
    LOCAL_LEAD = "local_lead", _("Local Peer Support Lead")


class GrantState(models.TextChoices):
    PENDING = "pending", _("Waiting for a second approver")
    ACTIVE = "active", _("In effect")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


class RoleGrant(models.Model):
    """One grant of a role that opens request details: who asked, who confirmed, who ended it.

    The role takes effect only when a second person confirms; the database refuses a row where
    the person receiving the role asked for it or confirmed it, or where one person did both.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=16, choices=GrantedRole.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="role_grants"
    )
    state = models.CharField(max_length=16, choices=GrantState.choices, default=GrantState.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="role_grant_not_requested_by_grantee",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | (
                    ~models.Q(confirmed_by=models.F("user"))
                    & ~models.Q(confirmed_by=models.F("requested_by"))
                ),
                name="role_grant_confirmed_by_a_second_person",
            ),
            models.CheckConstraint(
                condition=models.Q(role="central_lead", unit__isnull=True)
                | models.Q(role="local_lead", unit__isnull=False),
                name="role_grant_unit_only_for_local_lead",
            ),
        ]
        indexes = [
            # The holders page: grants waiting or in effect.
            models.Index(fields=["state", "role"], name="role_grant_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for user {self.user_id} ({self.state})"


from roster.supervision_models import SupervisionRecord  # noqa: E402, F401  (a model of this app)
