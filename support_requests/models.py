"""Support requests and the long-term intervention facts that outlive them.

A request's details (free text, identity, contact) live only on SupportRequest and are purged after
closure. The Intervention row keeps the basic facts the program may keep long-term; reports read it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.spoken_languages import SPOKEN_LANGUAGES
from roster.models import JobRoleType


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGED = "triaged", _("Triaged")
    ROUTED = "routed", _("Routed to unit")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    CONTACTED = "contacted", _("Contacted")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined by supporter")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REDIRECTED = "redirected", _("Redirected")


# What the requester reads on "My requests": plain words, no jargon.
PLAIN_STATE = {
    "submitted": _("Received. A peer support lead will look at it soon."),
    "triaged": _("Seen by a peer support lead, who is finding the right supporter."),
    "routed": _("Passed to the peer support lead of a unit, who is finding a supporter."),
    "assigned": _("A peer supporter has been asked to contact you."),
    "accepted": _("A peer supporter will contact you soon."),
    "contacted": _("A peer supporter has been in touch."),
    "closed": _("Finished. Thank you for reaching out."),
    "declined": _("The peer supporter first asked could not take it; a lead is finding another."),
    "withdrawn": _("You withdrew this request."),
    "redirected": _("This request was passed to a better-suited service."),
}


# The state sets, each defined here once. Waiting for a supporter to be assigned:
UNASSIGNED_STATES = (State.SUBMITTED, State.TRIAGED, State.ROUTED, State.DECLINED)
# Held by a supporter (an open assignment, counted against the supporter's load):
HELD_STATES = (State.ASSIGNED, State.ACCEPTED, State.CONTACTED)
# Not yet at an end:
OPEN_STATES = frozenset({*UNASSIGNED_STATES, *HELD_STATES})


class Category(models.TextChoices):
    ADVERSE_EVENT = "adverse_event", _("Adverse event")
    PATIENT_DEATH = "patient_death", _("Patient death or harm")
    DIFFICULT_INTERACTION = "difficult_interaction", _("Difficult patient or family interaction")
    WORKLOAD = "workload", _("Workload or burnout")
    PANDEMIC = "pandemic", _("Pandemic or disaster")
    PERSONAL = "personal", _("Personal event affecting work")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    THIS_WEEK = "this_week", _("This week")


def urgency_rank() -> models.Case:
    """0 for "today", 1 otherwise: the queues' first sort key (the text codes would sort
    "this_week" first). The queue index below is built on this same expression."""
    return models.Case(
        models.When(urgency=Urgency.TODAY, then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")


class PreferredRole(models.TextChoices):
    ANY = "any", _("Anyone")
    NURSE = "nurse", _("A nurse")
    PHYSICIAN = "physician", _("A physician")
    SAME_ROLE = "same_role", _("Someone in a role like mine")


class DeclineReason(models.TextChoices):
    CONFLICT = "conflict", _("Conflict of interest")
    UNAVAILABLE = "unavailable", _("Unavailable")
    NO_ANSWER = "no_answer", _("Not accepted in time")


class RedirectReason(models.TextChoices):
    HR = "hr", _("Grievance about a colleague (Human Resources)")
    EAP = "eap", _("Group debrief (Employee Assistance Program)")
    CRISIS = "crisis", _("Emergency (crisis resources)")


class NoContactReason(models.TextChoices):
    COULD_NOT_REACH = "could_not_reach", _("Could not reach them")
    DECLINED_SUPPORT = "declined_support", _("They declined support when contacted")


class HandBackReason(models.TextChoices):
    NO_SUPPORTER = "no_supporter", _("No supporter of the unit is available")
    CONFLICT = "conflict", _("Every supporter of the unit has a conflict of interest")
    NOT_OUR_UNIT = "not_our_unit", _("The request does not belong to this unit")


class SupportRequest(models.Model):
    """A confidential request for peer support. Details are visible only to the people the confidentiality rules name."""

    # Everything that could say who asked, who helped, or what was said: blanked by the retention
    # purge (support_requests.services.purge_expired). A new nullable field must be listed here
    # or among the kept facts (tests/support_requests/test_purge_expired.py fails otherwise).
    PERSONAL_FIELDS = (
        "requester",
        "assigned_to",
        "not_assign_to",
        "details",
        "contact_detail",
        "contact_time",
        "colleague_name",
        "fingerprint",
        "language",
        "requester_role_type",
    )
    # The times kept after the purge, to the day only (a minute could be matched to a sign-in).
    KEPT_AS_DAYS = (
        "submitted_at",
        "triaged_at",
        "assigned_at",
        "accepted_at",
        "first_contact_at",
        "closed_at",
        "purged_at",
        "redirected_at",
    )

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
    # An ISO 639-1 code, the same as the supporters' languages (core.spoken_languages).
    language = models.CharField(max_length=40, blank=True, default="en", choices=SPOKEN_LANGUAGES)

    # Details: purged RETENTION_DAYS after closure (set to NULL / empty).
    contact_method = models.CharField(max_length=16, choices=ContactMethod.choices, blank=True)
    contact_detail = models.CharField(max_length=200, null=True, blank=True)
    contact_time = models.CharField(max_length=120, null=True, blank=True)
    colleague_name = models.CharField(max_length=120, null=True, blank=True)
    details = models.TextField(null=True, blank=True, max_length=2000)
    purged_at = models.DateTimeField(null=True, blank=True)
    # A hash of what was typed, to merge identical repeat submissions; blanked by the purge.
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    # "Never assigned to the same pair": a supporter's own request must not go to the colleague
    # they supported. Purged with the details.
    not_assign_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    redirect_reason = models.CharField(max_length=16, choices=RedirectReason.choices, blank=True)
    # A redirection can be undone for a few minutes; the details are deleted once that window
    # has passed (services.finish_redirections), and the state it came from is kept for the undo.
    redirected_at = models.DateTimeField(null=True, blank=True)
    redirected_from = models.CharField(
        max_length=16, choices=State.choices, blank=True, db_default=""
    )
    follow_up_planned = models.BooleanField(default=False)
    # Closed without contact: why, and how many times the supporter tried. Counted as an
    # attempt (ContactAttempt), never as an intervention.
    no_contact_reason = models.CharField(
        max_length=20, choices=NoContactReason.choices, blank=True, db_default=""
    )
    contact_attempts = models.PositiveSmallIntegerField(null=True, blank=True)
    # A local lead gave the request back to central triage: the triage queue flags it.
    handed_back_reason = models.CharField(
        max_length=16, choices=HandBackReason.choices, blank=True, db_default=""
    )
    # The requester answered the after-support survey (the answer itself is stored unlinked).
    survey_answered = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at"]
        indexes = [
            # Triage queue: open requests by state, oldest first.
            models.Index(fields=["state", "submitted_at"], name="request_queue_idx"),
            # Triage queue's page: WHERE state IN (open states) ORDER BY urgency_rank,
            # submitted_at, id LIMIT 25. With it PostgreSQL reads 25 index entries instead of
            # joining and sorting every open request (EXPLAIN ANALYZE at 100,000 requests:
            # 10.3 ms -> 0.5 ms); only open rows are in it, so it stays small.
            models.Index(
                urgency_rank(),
                "submitted_at",
                "id",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="request_open_queue_order_idx",
            ),
            # Unit queue: requests routed to a lead's units.
            models.Index(
                fields=["routed_unit", "state", "submitted_at"], name="request_unit_queue_idx"
            ),
            # Assignments: a supporter's open requests.
            models.Index(fields=["assigned_to", "state"], name="request_assignee_idx"),
            # Matching's open assignments: who holds requests now, and how many (three lists
            # built once per ranking statement). Only held rows are in it (about 860 at 100,000
            # requests). Without it, once the table is vacuumed, PostgreSQL counts per supporter
            # by reading all of request_assignee_idx (98,000 entries, about 40 ms under load for
            # each of two lists); with it, 0.2 ms. SQLite cannot use it: it binds the states.
            models.Index(
                fields=["assigned_to"],
                condition=models.Q(state__in=list(HELD_STATES), assigned_to__isnull=False),
                name="request_held_assignee_idx",
            ),
            # Matching's last tie-break: when each supporter was last given a request (one seek).
            models.Index(
                fields=["assigned_to", "-assigned_at"], name="request_assignee_recent_idx"
            ),
            # My requests; and the duplicate check (same person, same fingerprint, recent).
            models.Index(fields=["requester", "-submitted_at"], name="request_requester_idx"),
            # Retention purge: closed, not yet purged.
            models.Index(
                fields=["closed_at"],
                condition=models.Q(purged_at__isnull=True),
                name="request_purge_idx",
            ),
        ]
        # The per-object grant of a request's details. Never granted model-wide to any user or group.
        default_permissions = ("add", "change", "delete")
        permissions = [("view_request_details", "Can read this request's details")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="redirected") | ~models.Q(redirect_reason=""),
                name="request_redirected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | models.Q(state="closed"),
                name="request_closed_at_only_when_closed",
            ),
        ]

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


class DurationBand(models.TextChoices):
    UNDER_15 = "under_15", _("Under 15 minutes")
    FROM_15_TO_45 = "15_to_45", _("15 to 45 minutes")
    OVER_45 = "over_45", _("Over 45 minutes")


class Referral(models.TextChoices):
    NONE = "none", _("No referral")
    EAP = "eap", _("Employee Assistance Program")
    CHAPLAINCY = "chaplaincy", _("Chaplaincy")
    PSYCHOLOGY = "psychology", _("Psychology / mental health")
    OTHER = "other", _("Other professional help")


class InterventionKind(models.TextChoices):
    REQUEST = "request", _("Support request")
    OUTREACH = "outreach", _("Reach-in outreach")


class Intervention(models.Model):
    """The long-term facts of one intervention, kept after the request is purged.

    No free text, no identity, no contact details: reports read only this table. Written when a
    request (or an outreach contact) is closed.
    """

    kind = models.CharField(
        max_length=16, choices=InterventionKind.choices, default=InterventionKind.REQUEST
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, blank=True)
    requested_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    minutes_to_first_contact = models.PositiveIntegerField(null=True, blank=True)
    closed_on = models.DateField()
    supporter_role_type = models.CharField(max_length=32, choices=JobRoleType.choices, blank=True)
    contacts = models.PositiveSmallIntegerField(default=1)
    duration_band = models.CharField(max_length=16, choices=DurationBand.choices, blank=True)
    referral = models.CharField(max_length=16, choices=Referral.choices, default=Referral.NONE)
    follow_up_planned = models.BooleanField(default=False)
    # Where the fact came from, so the supporter (or the outreach's lead) can correct it: the
    # request row keeps no identity once purged, so this link ties the fact to nobody.
    support_request = models.OneToOneField(
        "SupportRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervention",
    )
    outreach_assignment = models.ForeignKey(
        "OutreachAssignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )

    class Meta:
        indexes = [
            # Dashboard: interventions in a period, by department / category / role type.
            models.Index(fields=["requested_at", "department"], name="intervention_period_idx"),
            models.Index(fields=["department", "requested_at"], name="intervention_dept_idx"),
        ]

    def __str__(self) -> str:
        return f"Intervention {self.pk} ({self.get_category_display()}, {self.closed_on})"


class Redirection(models.Model):
    """A request redirected out of scope: the reason category and the day, nothing else."""

    reason = models.CharField(max_length=16, choices=RedirectReason.choices)
    occurred_on = models.DateField(default=timezone.localdate, db_index=True)

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.occurred_on}"


class ContactAttempt(models.Model):
    """A request closed without contact (could not reach, or support declined): the basic facts
    of an attempt, kept long-term beside the interventions but never counted as one."""

    reason = models.CharField(max_length=20, choices=NoContactReason.choices)
    attempts = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=32, choices=Category.choices)
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(max_length=16, choices=Urgency.choices, blank=True)
    requested_at = models.DateTimeField()
    closed_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"Attempt {self.pk} ({self.get_reason_display()}, {self.closed_on})"


class SurveyResponse(models.Model):
    """An after-support survey answer, unlinked from its request: month only, no ids."""

    rating = models.PositiveSmallIntegerField()
    would_recommend = models.BooleanField()
    month = models.DateField(help_text="First day of the month it was answered", db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"Survey {self.month:%Y-%m}: {self.rating}"


class Outreach(models.Model):
    """A reach-in after a difficult event in a unit: never patient details."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    category = models.CharField(max_length=32, choices=Category.choices)
    unit = models.ForeignKey("roster.Unit", on_delete=models.PROTECT, related_name="outreaches")
    event_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            # The outreach list of a local lead: their units' outreaches, newest first.
            models.Index(fields=["unit", "-opened_at"], name="outreach_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"Outreach {str(self.id)[:8]} ({self.get_category_display()}, {self.event_on})"


class OutreachAssignment(models.Model):
    """A supporter asked to reach out to a unit's team; contacts logged become Interventions."""

    outreach = models.ForeignKey(Outreach, on_delete=models.CASCADE, related_name="assignments")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    contacts_logged = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["outreach", "supporter"], name="outreach_supporter_once"
            )
        ]

    def __str__(self) -> str:
        return f"Outreach assignment {self.pk}"


class ConflictDecline(models.Model):
    """A supporter who declined a request for a conflict of interest: never offered it again.

    Ties a supporter to a request, so the retention purge deletes it with the other links.
    """

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="conflict_declines"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["support_request", "supporter"], name="conflict_decline_once"
            )
        ]

    def __str__(self) -> str:
        return f"Conflict of interest on request {self.support_request_id}"
