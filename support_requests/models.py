"""Support requests (SPEC 3.1) and the long-term intervention facts that outlive them (SPEC 2.2).

A request's details (free text, identity, contact) live only on SupportRequest and are purged after
closure. The Intervention row keeps the basic facts the program may keep long-term; reports read it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from roster.models import JobRoleType


class State(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    ROUTED = "routed", "Routed to unit"
    ASSIGNED = "assigned", "Assigned"
    ACCEPTED = "accepted", "Accepted"
    CONTACTED = "contacted", "Contacted"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined by supporter"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATES = frozenset(
    {
        State.SUBMITTED,
        State.TRIAGED,
        State.ROUTED,
        State.ASSIGNED,
        State.ACCEPTED,
        State.CONTACTED,
        State.DECLINED,
    }
)


class Category(models.TextChoices):
    ADVERSE_EVENT = "adverse_event", "Adverse event"
    PATIENT_DEATH = "patient_death", "Patient death or harm"
    DIFFICULT_INTERACTION = "difficult_interaction", "Difficult patient or family interaction"
    WORKLOAD = "workload", "Workload or burnout"
    PANDEMIC = "pandemic", "Pandemic or disaster"
    PERSONAL = "personal", "Personal event affecting work"
    OTHER = "other", "Other"


class Urgency(models.TextChoices):
    TODAY = "today", "Today"
    THIS_WEEK = "this_week", "This week"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"


class PreferredRole(models.TextChoices):
    ANY = "any", "Anyone"
    NURSE = "nurse", "A nurse"
    PHYSICIAN = "physician", "A physician"
    SAME_ROLE = "same_role", "Someone in a role like mine"


class SupportRequest(models.Model):
    """A confidential request for peer support. Details are visible per SPEC 2.1 only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.SUBMITTED)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    for_colleague = models.BooleanField(default=False)
    category = models.CharField(max_length=32, choices=Category.choices)
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="requests_from")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.THIS_WEEK)
    preferred_role = models.CharField(
        max_length=16, choices=PreferredRole.choices, default=PreferredRole.ANY
    )
    requester_role_type = models.CharField(max_length=32, choices=JobRoleType.choices, blank=True)
    outside_own_unit = models.BooleanField(default=False)
    language = models.CharField(max_length=40, blank=True, default="English")

    # Details: purged RETENTION_DAYS after closure (set to NULL / empty).
    contact_method = models.CharField(max_length=16, choices=ContactMethod.choices, blank=True)
    contact_detail = models.CharField(max_length=200, null=True, blank=True)
    contact_time = models.CharField(max_length=120, null=True, blank=True)
    colleague_name = models.CharField(max_length=120, null=True, blank=True)
    details = models.TextField(null=True, blank=True, max_length=2000)
    purged_at = models.DateTimeField(null=True, blank=True)

    routed_unit = models.ForeignKey(
        "roster.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests_routed",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )

    submitted_at = models.DateTimeField(default=timezone.now)
    triaged_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at"]
        indexes = [
            # Triage queue: open requests by state, oldest first.
            models.Index(fields=["state", "submitted_at"], name="request_queue_idx"),
            # Unit queue: requests routed to a lead's units.
            models.Index(
                fields=["routed_unit", "state", "submitted_at"], name="request_unit_queue_idx"
            ),
            # Assignments: a supporter's open requests.
            models.Index(fields=["assigned_to", "state"], name="request_assignee_idx"),
            # My requests.
            models.Index(fields=["requester", "-submitted_at"], name="request_requester_idx"),
            # Retention purge: closed, not yet purged.
            models.Index(
                fields=["closed_at"],
                condition=models.Q(purged_at__isnull=True),
                name="request_purge_idx",
            ),
        ]
        # The per-object grant of SPEC 2.1. Never granted model-wide to any user or group.
        default_permissions = ("add", "change", "delete")
        permissions = [("view_request_details", "Can read this request's details")]

    def __str__(self) -> str:
        # Never the details: this string reaches logs and the admin.
        return f"Request {str(self.id)[:8]} ({self.get_state_display()})"


class RequestPermissionGrant(UserObjectPermissionBase):
    """django-guardian's direct foreign-key table for per-request grants (the assigned supporter).

    Direct tables join on a real foreign key instead of the generic tables' text object id.
    """

    content_object = models.ForeignKey(SupportRequest, on_delete=models.CASCADE)


class RequestGroupPermissionGrant(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SupportRequest, on_delete=models.CASCADE)
