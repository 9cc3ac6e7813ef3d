"""Every change to a support request, one function per transition.

Each function checks who may do it (core.access), checks the state it starts from, writes
inside a transaction with `update_fields`, records one audit entry ("state_change",
"<from>-><to>") and queues its notices in the outbox. A refused change raises RequestError with a
reason a person can read, and changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Field, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from core import audit
from core.conf import program_setting
from core.models import AuditAction, Notification, User
from core.notifications import notify, notify_about_new
from roster import selectors as roster_selectors
from roster.models import SupporterProfile, Unit
from support_requests import access, matching, selectors
from support_requests.models import (
    HELD_STATES,
    OPEN_STATES,
    UNASSIGNED_STATES,
    Category,
    ConflictDecline,
    ContactAttempt,
    DeclineReason,
    HandBackReason,
    Intervention,
    InterventionKind,
    NoContactReason,
    Outreach,
    OutreachAssignment,
    Redirection,
    RedirectReason,
    RequestGroupPermissionGrant,
    RequestPermissionGrant,
    State,
    SupportRequest,
    SurveyResponse,
    Urgency,
)
from support_requests.signals import interventions_changed

DEFAULT_RATE_LIMIT_PER_HOUR = 5
DEFAULT_DUPLICATE_WINDOW_MINUTES = 10
DEFAULT_RETENTION_DAYS = 30
DETAILS_PERMISSION = "view_request_details"
SUBJECT = "support_request"  # Notification.subject_type of a request

# States from which the central lead may route (or re-route) a request to a unit.
ROUTABLE_STATES = (State.SUBMITTED, State.TRIAGED, State.ROUTED, State.DECLINED)
# States from which a request may be closed without contact: nobody has logged a contact yet.
NO_CONTACT_STATES = (*UNASSIGNED_STATES, State.ASSIGNED, State.ACCEPTED)
MAX_CONTACT_ATTEMPTS = 20


class RequestError(ValueError):
    """A refused change to a request; the message is shown to the person as it is."""


class NotAllowed(RequestError):
    """The person may not make this change (the view answers 403)."""


class RateLimited(RequestError):
    """Too many requests from one person within the hour."""


# ---------------------------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------------------------


def _check(actor: User, support_request: SupportRequest, action: str) -> None:
    if not access.may_act_on_request(actor, support_request, action):
        raise NotAllowed(gettext("This change is not part of your role for this request."))


def _require_state(support_request: SupportRequest, allowed: tuple, doing: str) -> None:
    if support_request.state not in allowed:
        raise RequestError(
            f"This request cannot be {doing} while it is "
            f"“{support_request.get_state_display().lower()}”."
        )


def _locked(support_request: SupportRequest) -> SupportRequest:
    """Re-read the row under a lock: two leads acting at once cannot both win."""
    return SupportRequest.objects.select_for_update().get(pk=support_request.pk)


def _move(
    support_request: SupportRequest,
    to_state: str,
    *,
    actor: User | None,
    fields: Sequence[str] = (),
    note: str = "",
) -> SupportRequest:
    """Change the state and write its one audit entry; `note` is a code (never free text)."""
    by_requester = actor is not None and actor.pk == support_request.requester_id
    from_state = support_request.state
    support_request.state = to_state
    support_request.full_clean(exclude=["requester", "unit", "routed_unit", "assigned_to"])
    support_request.save(update_fields=["state", "updated_at", *fields])
    audit.record(
        action=AuditAction.STATE_CHANGE,
        actor=actor,
        object_type="support_request",
        object_id=support_request.pk,
        detail=f"{from_state}->{to_state}" + (f" {note}" if note else ""),
        by_requester=by_requester,
    )
    return support_request


def _assignment_stamp(support_request: SupportRequest) -> str:
    """Tells one assignment of a request from the next, so each gets its own notices."""
    return f"assigned-{support_request.assigned_at:%Y%m%d%H%M%S%f}"


def _notify_many(
    recipients: Iterable[User], kind: str, subject: SupportRequest, occurrence: str = ""
) -> None:
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=kind,
            subject_type=SUBJECT if isinstance(subject, SupportRequest) else "outreach",
            subject_id=subject.pk,
            occurrence=occurrence,
        )


def _leads_for(support_request: SupportRequest) -> list:
    """Who finds a supporter for this request: the routed unit's leads, else the central leads."""
    if support_request.routed_unit_id:
        leads = list(access.local_leads_of(support_request.routed_unit_id))
        if leads:
            return leads
    return list(access.central_leads())


def _grant(support_request: SupportRequest, user: User) -> None:
    assign_perm(DETAILS_PERMISSION, user, support_request)


def _revoke(support_request: SupportRequest, user: User | None) -> None:
    if user is not None:
        remove_perm(DETAILS_PERMISSION, user, support_request)


def _blank_details(support_request: SupportRequest) -> list[str]:
    """Forget everything personal about the request; returns the fields changed."""
    support_request.details = None
    support_request.contact_detail = None
    support_request.contact_time = None
    support_request.colleague_name = None
    support_request.fingerprint = ""
    support_request.not_assign_to = None
    return [
        "details",
        "contact_detail",
        "contact_time",
        "colleague_name",
        "fingerprint",
        "not_assign_to",
    ]


# ---------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intake:
    """What the requester typed, already validated by the form."""

    for_colleague: bool
    colleague_name: str
    category: str
    unit: Unit
    contact_method: str
    contact_time: str
    contact_detail: str
    preferred_role: str
    requester_role_type: str
    outside_own_unit: bool
    urgency: str
    language: str
    details: str

    def fingerprint(self, requester_id: int) -> str:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "unit"}
        values.update(unit=self.unit.pk, requester=requester_id)
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def record_redirection(*, reason: str) -> Redirection:
    """Count a request screened out to HR, EAP or crisis resources; nothing else is stored."""
    if reason not in RedirectReason.values:
        raise RequestError("Unknown redirection.")
    redirection = Redirection(reason=reason)
    redirection.full_clean()
    redirection.save()
    return redirection


def submit_request(*, requester: User, intake: Intake) -> tuple[SupportRequest, bool]:
    """Save a new request and notify the central leads; an identical one sent minutes ago is
    returned instead (created=False)."""
    now = timezone.now()
    fingerprint = intake.fingerprint(requester.pk)
    window = program_setting("DUPLICATE_WINDOW_MINUTES", DEFAULT_DUPLICATE_WINDOW_MINUTES)
    with transaction.atomic():
        # The person's submissions are serialised (so a double click cannot slip past both
        # checks), then one statement reads both checks: the duplicate and the hour's count.
        history = selectors.submission_history(
            requester_id=requester.pk,
            fingerprint=fingerprint,
            duplicate_since=now - datetime.timedelta(minutes=window),
            hour_since=now - datetime.timedelta(hours=1),
        )
        if history.duplicate_id is not None:
            return SupportRequest.objects.get(pk=history.duplicate_id), False
        limit = program_setting("REQUEST_RATE_LIMIT_PER_HOUR", DEFAULT_RATE_LIMIT_PER_HOUR)
        if history.sent_within_hour >= limit:
            raise RateLimited(
                "You have sent several requests within the hour. A lead is already looking at "
                "them; if you need help now, call the crisis line shown below."
            )
        support_request = SupportRequest(
            requester=requester,
            for_colleague=intake.for_colleague,
            colleague_name=intake.colleague_name or None if intake.for_colleague else None,
            category=intake.category,
            unit=intake.unit,
            contact_method=intake.contact_method,
            contact_time=intake.contact_time or None,
            contact_detail=intake.contact_detail or None,
            preferred_role=intake.preferred_role,
            requester_role_type=intake.requester_role_type,
            outside_own_unit=intake.outside_own_unit,
            urgency=intake.urgency,
            language=intake.language,
            details=intake.details or None,
            fingerprint=fingerprint,
            submitted_at=now,
        )
        # Field validation only (each skipped check is a round trip on the busiest POST):
        # the requester is the signed-in person and the form looked the unit up; the primary key
        # is a fresh uuid4; the check constraints are enforced by the database on insert.
        support_request.full_clean(
            exclude=["requester", "unit"], validate_unique=False, validate_constraints=False
        )
        support_request.save()
        _announce_new(support_request, actor=requester)
    return support_request, True


def _announce_new(support_request: SupportRequest, *, actor: User) -> None:
    audit.record(
        action=AuditAction.STATE_CHANGE,
        actor=actor,
        object_type="support_request",
        object_id=support_request.pk,
        detail="->submitted",
        by_requester=actor is not None and actor.pk == support_request.requester_id,
    )
    # A new request: nobody has been told yet, so each group's notices are one INSERT.
    notify_about_new(
        recipients=access.central_leads(),
        kind="request.new",
        subject_type=SUBJECT,
        subject_id=support_request.pk,
    )
    if support_request.urgency == Urgency.TODAY:
        # A "today" request pages the on-call supporters at once, as well. They read
        # no details until a lead assigns the request to one of them.
        on_call = roster_selectors.on_call_supporters().exclude(pk=support_request.requester_id)  # type: ignore[misc]  # set until the purge
        notify_about_new(
            recipients=on_call,
            kind="request.on_call",
            subject_type=SUBJECT,
            subject_id=support_request.pk,
        )


# ---------------------------------------------------------------------------------------------
# The lead's transitions
# ---------------------------------------------------------------------------------------------


def triage(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """Mark a new request as seen by the central lead."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "triage")
        _require_state(support_request, (State.SUBMITTED,), "triaged")
        support_request.triaged_at = timezone.now()
        return _move(support_request, State.TRIAGED, actor=actor, fields=["triaged_at"])


def route_to_unit(*, actor: User, support_request: SupportRequest, unit: Unit) -> SupportRequest:
    """Pass a request to a unit's local lead, who will assign a supporter from that unit."""
    if not access.local_leads_of(unit.pk).exists():
        raise RequestError(f"{unit} has no local peer support lead to route to.")
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "route")
        _require_state(support_request, ROUTABLE_STATES, "routed")
        previous_unit_id = support_request.routed_unit_id
        if previous_unit_id == unit.pk and support_request.state == State.ROUTED:
            raise RequestError(f"This request is already routed to {unit}.")
        support_request.routed_unit = unit
        support_request.handed_back_reason = ""
        now = timezone.now()
        support_request.triaged_at = support_request.triaged_at or now
        _move(
            support_request,
            State.ROUTED,
            actor=actor,
            fields=["routed_unit", "triaged_at", "handed_back_reason"],
        )
        _notify_many(
            access.local_leads_of(unit.pk),
            "request.routed",
            support_request,
            occurrence=f"routed-{unit.pk}-{now:%Y%m%d%H%M%S%f}",
        )
        _tell_previous_unit(support_request, previous_unit_id, unit.pk)
    return support_request


def _tell_previous_unit(
    support_request: SupportRequest, previous_unit_id: int | None, new_unit_id: int | None
) -> None:
    """The leads of the unit a request was taken from are told it no longer waits for them."""
    if previous_unit_id and previous_unit_id != new_unit_id:
        _notify_many(
            access.local_leads_of(previous_unit_id),
            "request.rerouted",
            support_request,
            occurrence=f"rerouted-{previous_unit_id}-{timezone.now():%Y%m%d%H%M%S%f}",
        )


def return_to_triage(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """The central lead takes a routed request back from the unit into central triage."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "route")
        _require_state(support_request, (State.ROUTED, State.DECLINED), "taken back")
        previous_unit_id = support_request.routed_unit_id
        if previous_unit_id is None:
            raise RequestError("This request is not routed to a unit.")
        support_request.routed_unit = None
        _move(
            support_request,
            State.TRIAGED,
            actor=actor,
            fields=["routed_unit"],
            note="back to central",
        )
        _tell_previous_unit(support_request, previous_unit_id, None)
    return support_request


def hand_back(*, actor: User, support_request: SupportRequest, reason: str) -> SupportRequest:
    """A local lead gives a routed request back to central triage, with a reason code."""
    if reason not in HandBackReason.values:
        raise RequestError("Choose why you are handing the request back.")
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "hand_back")
        _require_state(support_request, (State.ROUTED, State.DECLINED), "handed back")
        support_request.routed_unit = None
        support_request.handed_back_reason = reason
        _move(
            support_request,
            State.TRIAGED,
            actor=actor,
            fields=["routed_unit", "handed_back_reason"],
            note=f"handed back {reason}",
        )
        _notify_many(
            access.central_leads(),
            "request.handed_back",
            support_request,
            occurrence=f"handed-back-{timezone.now():%Y%m%d%H%M%S%f}",
        )
    return support_request


def _check_supporter(
    actor: User, support_request: SupportRequest, supporter: User
) -> SupporterProfile:
    """The supporter must be eligible (support_requests.matching); a local lead picks from their units."""
    exclude = matching.never_offered(support_request)
    profile = (
        matching.eligible_supporters(
            requester_id=support_request.requester_id, exclude_user_ids=exclude
        )
        .filter(user_id=getattr(supporter, "pk", None))  # type: ignore[misc]  # no supporter: no row
        .first()
    )
    if profile is None:
        raise RequestError(
            "This supporter cannot take the request now (not active, trained or available, "
            "already at the limit of open assignments, or the requester themselves)."
        )
    units = access.assignable_home_units(actor, support_request)
    if units is not None and profile.home_unit_id not in units:
        raise RequestError("Choose a supporter from a unit you lead.")
    return profile


def assign_supporter(
    *, actor: User, support_request: SupportRequest, supporter: User
) -> SupportRequest:
    """Give an unassigned request to an eligible supporter, who then may read its details."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "assign")
        _check_supporter(actor, support_request, supporter)
        _require_state(support_request, UNASSIGNED_STATES, "assigned")
        return _hand_to(support_request, supporter, actor=actor)


def reassign(*, actor: User, support_request: SupportRequest, supporter: User) -> SupportRequest:
    """Give an assigned request to another supporter; the first one loses access at once."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "reassign")
        if supporter.pk == support_request.assigned_to_id:
            raise RequestError("This supporter already holds the request.")
        _check_supporter(actor, support_request, supporter)
        _require_state(support_request, HELD_STATES, "reassigned")
        _revoke(support_request, support_request.assigned_to)
        support_request.first_contact_at = None
        return _hand_to(
            support_request,
            supporter,
            actor=actor,
            extra_fields=["first_contact_at"],
        )


def _hand_to(
    support_request: SupportRequest,
    supporter: User,
    *,
    actor: User,
    extra_fields: Sequence[str] = (),
) -> SupportRequest:
    support_request.assigned_to = supporter
    support_request.assigned_at = timezone.now()
    support_request.accepted_at = None
    support_request.decline_reason = ""
    support_request.triaged_at = support_request.triaged_at or support_request.assigned_at
    _move(
        support_request,
        State.ASSIGNED,
        actor=actor,
        fields=[
            "assigned_to",
            "assigned_at",
            "accepted_at",
            "decline_reason",
            "triaged_at",
            *extra_fields,
        ],
    )
    _grant(support_request, supporter)
    notify(
        recipient=supporter,
        kind="request.assigned",
        subject_type=SUBJECT,
        subject_id=support_request.pk,
        occurrence=_assignment_stamp(support_request),
    )
    return support_request


def _undo_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=program_setting("REDIRECT_UNDO_MINUTES", 10))


def claimable_by(user: User) -> QuerySet[SupportRequest]:
    """The "today" requests still waiting for a supporter that this person, on call now, may
    claim (none unless they are on call and eligible)."""
    if not roster_selectors.on_call_supporters().filter(pk=user.pk).exists():
        return SupportRequest.objects.none()
    if not matching.eligible_supporters(requester_id=None).filter(user_id=user.pk).exists():
        return SupportRequest.objects.none()
    return (
        SupportRequest.objects.filter(state__in=UNASSIGNED_STATES, urgency=Urgency.TODAY)
        .exclude(requester_id=user.pk)
        .exclude(not_assign_to_id=user.pk)
    )


def claim_urgent(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """The supporter on call takes a "today" request at once (assigned and accepted); the central
    leads are told and may take it back."""
    with transaction.atomic():
        support_request = _locked(support_request)
        if not claimable_by(actor).filter(pk=support_request.pk).exists():
            raise RequestError(gettext("This request can no longer be claimed."))
        now = timezone.now()
        support_request.assigned_to = actor
        support_request.assigned_at = now
        support_request.accepted_at = now
        support_request.decline_reason = ""
        support_request.triaged_at = support_request.triaged_at or now
        _move(
            support_request,
            State.ACCEPTED,
            actor=actor,
            fields=["assigned_to", "assigned_at", "accepted_at", "decline_reason", "triaged_at"],
            note="claimed on call",
        )
        _grant(support_request, actor)
        _notify_many(
            access.central_leads(),
            "request.claimed",
            support_request,
            occurrence=_assignment_stamp(support_request),
        )
    return support_request


def take_back(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """The central lead takes a request back from its supporter (who loses access at once)."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "take_back")
        _require_state(support_request, (State.ASSIGNED, State.ACCEPTED), "taken back")
        supporter, stamp = support_request.assigned_to, _assignment_stamp(support_request)
        if supporter is None:
            raise RequestError("No supporter holds this request.")
        _revoke(support_request, supporter)
        support_request.assigned_to = None
        support_request.accepted_at = None
        _move(
            support_request,
            State.TRIAGED,
            actor=actor,
            fields=["assigned_to", "accepted_at"],
            note="taken back",
        )
        notify(
            recipient=supporter,
            kind="request.taken_back",
            subject_type=SUBJECT,
            subject_id=support_request.pk,
            occurrence=stamp,
        )
    return support_request


def redirect(*, actor: User, support_request: SupportRequest, reason: str) -> SupportRequest:
    """Send an out-of-scope request to HR, EAP or crisis resources and tell the requester where
    to go; the details are deleted once the undo window has passed."""
    if reason not in RedirectReason.values:
        raise RequestError("Choose where the request is redirected to.")
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "redirect")
        _require_state(support_request, UNASSIGNED_STATES, "redirected")
        support_request.redirected_from = support_request.state
        support_request.redirect_reason = reason
        support_request.redirected_at = timezone.now()
        _move(
            support_request,
            State.REDIRECTED,
            actor=actor,
            fields=["redirect_reason", "redirected_at", "redirected_from"],
            note=reason,
        )
        if support_request.requester is not None:
            notify(
                recipient=support_request.requester,
                kind=f"request.redirected_{reason}",
                subject_type=SUBJECT,
                subject_id=support_request.pk,
                occurrence=f"{support_request.redirected_at:%Y%m%d%H%M%S%f}",
            )
    return support_request


def redirect_undo_until(support_request: SupportRequest) -> datetime.datetime | None:
    """Until when a redirection may still be undone (None once its details are deleted)."""
    if support_request.state != State.REDIRECTED or support_request.purged_at is not None:
        return None
    if support_request.redirected_at is None:
        return None
    return support_request.redirected_at + _undo_window()


def undo_redirect(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """Within the undo window, put a redirected request back where it was."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "redirect")
        until = redirect_undo_until(support_request)
        if until is None or timezone.now() > until:
            raise RequestError("The time to undo this redirection has passed.")
        back_to = support_request.redirected_from or State.TRIAGED
        support_request.redirect_reason = ""
        support_request.redirected_at = None
        support_request.redirected_from = ""
        _move(
            support_request,
            back_to,
            actor=actor,
            fields=["redirect_reason", "redirected_at", "redirected_from"],
            note="undo",
        )
        if support_request.requester is not None:
            notify(
                recipient=support_request.requester,
                kind="request.redirect_undone",
                subject_type=SUBJECT,
                subject_id=support_request.pk,
                occurrence=f"undo-{timezone.now():%Y%m%d%H%M%S%f}",
            )
    return support_request


def finish_redirections(*, now: datetime.datetime | None = None) -> int:
    """Delete the details of requests redirected longer ago than the undo window, and count
    each redirection (its reason and day only). Safe to run twice."""
    now = now or timezone.now()
    due = SupportRequest.objects.filter(
        state=State.REDIRECTED, purged_at__isnull=True, redirected_at__lte=now - _undo_window()
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            support_request = _locked(SupportRequest(pk=pk))
            if support_request.state != State.REDIRECTED or support_request.purged_at:
                continue
            support_request.purged_at = now
            changed = _blank_details(support_request)
            support_request.save(update_fields=["purged_at", "updated_at", *changed])
            record_redirection(reason=support_request.redirect_reason)
            audit.record(
                action=AuditAction.PURGE, object_type=SUBJECT, object_id=pk, detail="redirected"
            )
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# The supporter's transitions
# ---------------------------------------------------------------------------------------------


def accept(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """The assigned supporter takes the request on."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "accept")
        _require_state(support_request, (State.ASSIGNED,), "accepted")
        support_request.accepted_at = timezone.now()
        return _move(support_request, State.ACCEPTED, actor=actor, fields=["accepted_at"])


def decline(*, actor: User, support_request: SupportRequest, reason: str) -> SupportRequest:
    """The assigned supporter gives the request back to the lead (and loses access at once)."""
    if reason not in (DeclineReason.CONFLICT, DeclineReason.UNAVAILABLE):
        raise RequestError(gettext("Choose why you cannot take this request."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "decline")
        _require_state(support_request, (State.ASSIGNED, State.ACCEPTED), "declined")
        return _give_back(support_request, reason, actor=actor)


def _give_back(
    support_request: SupportRequest, reason: str, *, actor: User | None
) -> SupportRequest:
    stamp = _assignment_stamp(support_request)
    if reason == DeclineReason.CONFLICT and support_request.assigned_to_id:
        # For good: neither suggestions nor any later assignment offer it to them again.
        ConflictDecline.objects.get_or_create(
            support_request=support_request, supporter_id=support_request.assigned_to_id
        )
    _revoke(support_request, support_request.assigned_to)
    support_request.assigned_to = None
    support_request.accepted_at = None
    support_request.decline_reason = reason
    _move(
        support_request,
        State.DECLINED,
        actor=actor,
        fields=["assigned_to", "accepted_at", "decline_reason"],
    )
    _notify_many(_leads_for(support_request), "request.declined", support_request, stamp)
    return support_request


def log_first_contact(
    *, actor: User, support_request: SupportRequest, contacted_at: datetime.datetime
) -> SupportRequest:
    """Record when the supporter first reached the requester (no notes about what was said)."""
    if contacted_at > timezone.now():
        raise RequestError(gettext("The first contact cannot be in the future."))
    # The form asks for minutes: a contact in the minute the request was sent is fine.
    if contacted_at < support_request.submitted_at.replace(second=0, microsecond=0):
        raise RequestError(gettext("The first contact cannot be before the request was sent."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "log_contact")
        _require_state(support_request, (State.ACCEPTED,), "marked as contacted")
        support_request.first_contact_at = contacted_at
        return _move(
            support_request,
            State.CONTACTED,
            actor=actor,
            fields=["first_contact_at"],
        )


@dataclass(frozen=True)
class ClosingReport:
    """The minimal interventions form: counts and categories, never notes."""

    contacts: int
    duration_band: str
    referral: str
    follow_up_planned: bool
    supporter_wants_support: bool = False


def close(*, actor: User, support_request: SupportRequest, report: ClosingReport) -> SupportRequest:
    """Close a contacted request and keep its long-term facts as an Intervention."""
    if report.contacts < 1:
        raise RequestError(gettext("A closed request had at least one contact."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "close")
        _require_state(support_request, (State.CONTACTED,), "closed")
        now = timezone.now()
        support_request.closed_at = now
        support_request.follow_up_planned = report.follow_up_planned
        _move(
            support_request,
            State.CLOSED,
            actor=actor,
            fields=["closed_at", "follow_up_planned"],
        )
        _record_intervention(support_request, report, closed_on=timezone.localdate(now))
        if support_request.requester_id:
            notify(
                recipient=support_request.requester,  # type: ignore[arg-type]  # requester_id is set
                kind="request.closed",
                subject_type=SUBJECT,
                subject_id=support_request.pk,
            )
        if report.supporter_wants_support and actor.pk == support_request.assigned_to_id:
            _open_request_for_supporter(support_request)
    return support_request


def close_without_contact(
    *, actor: User, support_request: SupportRequest, reason: str, attempts: int
) -> SupportRequest:
    """End a request nobody could support (not reached, or support declined when contacted):
    kept as an attempt, never counted as an intervention."""
    if reason not in NoContactReason.values:
        raise RequestError(gettext("Choose why the request ends without contact."))
    if not 1 <= attempts <= MAX_CONTACT_ATTEMPTS:
        raise RequestError(
            f"Give the number of attempts to reach them (1 to {MAX_CONTACT_ATTEMPTS})."
        )
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "close_no_contact")
        _require_state(support_request, NO_CONTACT_STATES, "closed without contact")
        now = timezone.now()
        support_request.closed_at = now
        support_request.no_contact_reason = reason
        support_request.contact_attempts = attempts
        _move(
            support_request,
            State.CLOSED,
            actor=actor,
            fields=["closed_at", "no_contact_reason", "contact_attempts"],
            note=f"no contact {reason} x{attempts}",
        )
        unit = support_request.unit
        attempt = ContactAttempt(
            reason=reason,
            attempts=attempts,
            category=support_request.category,
            unit=unit,
            department=unit.department or unit,
            urgency=support_request.urgency,
            requested_at=support_request.submitted_at,
            closed_on=timezone.localdate(now),
        )
        attempt.full_clean()
        attempt.save()
        if support_request.requester is not None:
            notify(
                recipient=support_request.requester,
                kind="request.closed_no_contact",
                subject_type=SUBJECT,
                subject_id=support_request.pk,
            )
    return support_request


# ---------------------------------------------------------------------------------------------
# Corrections by the supporter (each keeps the old value in the audit log)
# ---------------------------------------------------------------------------------------------

DEFAULT_CORRECTION_DAYS = 7


def correction_open_until(support_request: SupportRequest) -> datetime.datetime | None:
    """Until when the supporter may correct the first contact and closing form (None: not now)."""
    if support_request.no_contact_reason or support_request.first_contact_at is None:
        return None
    if support_request.state not in (State.CONTACTED, State.CLOSED):
        return None
    since = support_request.closed_at or support_request.first_contact_at
    return since + datetime.timedelta(
        days=program_setting("CORRECTION_DAYS", DEFAULT_CORRECTION_DAYS)
    )


def _require_correctable(actor: User, support_request: SupportRequest) -> None:
    _check(actor, support_request, "correct")
    until = correction_open_until(support_request)
    if until is None or timezone.now() > until:
        raise RequestError(gettext("The time to correct this request has passed."))


def _correction(actor: User, support_request: SupportRequest, detail: str) -> None:
    audit.record(
        action=AuditAction.STATE_CHANGE,
        actor=actor,
        object_type=SUBJECT,
        object_id=support_request.pk,
        detail=detail,
    )


def _minute(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y%m%dT%H%M") if value else "none"


def correct_first_contact(
    *, actor: User, support_request: SupportRequest, contacted_at: datetime.datetime
) -> SupportRequest:
    """The supporter corrects when the first contact happened; the old time stays in the log."""
    if contacted_at > timezone.now():
        raise RequestError(gettext("The first contact cannot be in the future."))
    if contacted_at < support_request.submitted_at.replace(second=0, microsecond=0):
        raise RequestError(gettext("The first contact cannot be before the request was sent."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _require_correctable(actor, support_request)
        old = support_request.first_contact_at
        if old == contacted_at:
            raise RequestError(gettext("That is the time already recorded."))
        support_request.first_contact_at = contacted_at
        support_request.save(update_fields=["first_contact_at", "updated_at"])
        fact = Intervention.objects.filter(support_request=support_request).first()
        if fact is not None:
            fact.first_contact_at = contacted_at
            fact.minutes_to_first_contact = _minutes_between(
                support_request.submitted_at, contacted_at
            )
            fact.save(update_fields=["first_contact_at", "minutes_to_first_contact"])
            interventions_changed.send(sender=Intervention, months=[fact.requested_at])
        _correction(
            actor,
            support_request,
            f"first contact {_minute(old)}->{_minute(contacted_at)}",
        )
    return support_request


CLOSING_FIELDS = ("contacts", "duration_band", "referral", "follow_up_planned")


def correct_closing_form(
    *, actor: User, support_request: SupportRequest, report: ClosingReport
) -> SupportRequest:
    """The supporter corrects the interventions form of a closed request: one audit event per
    field changed, each with its old and new value (counts and codes only)."""
    if report.contacts < 1:
        raise RequestError(gettext("A closed request had at least one contact."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _require_correctable(actor, support_request)
        _require_state(support_request, (State.CLOSED,), "corrected")
        fact = (
            Intervention.objects.select_for_update().filter(support_request=support_request).first()
        )
        if fact is None:
            raise RequestError(gettext("This request has no closing form to correct."))
        changed = [name for name in CLOSING_FIELDS if getattr(fact, name) != getattr(report, name)]
        if not changed:
            raise RequestError(gettext("Nothing was changed."))
        for name in changed:
            old, new = getattr(fact, name), getattr(report, name)
            setattr(fact, name, new)
            _correction(actor, support_request, f"{name} {_code(old)}->{_code(new)}")
        fact.full_clean(exclude=["support_request", "outreach_assignment"])
        fact.save(update_fields=changed)
        interventions_changed.send(sender=Intervention, months=[fact.requested_at])
        if "follow_up_planned" in changed:
            support_request.follow_up_planned = report.follow_up_planned
            support_request.save(update_fields=["follow_up_planned", "updated_at"])
    return support_request


def _code(value: object) -> str:
    """A count, a band or a yes/no (1/0) as written in the audit log."""
    return str(int(value)) if isinstance(value, bool) else str(value)


def _minutes_between(start: datetime.datetime, end: datetime.datetime) -> int:
    # A contact logged in the minute the request was sent counts as 0 minutes, never negative.
    return max(0, int((end - start).total_seconds() // 60))


def _start_of_day(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def _record_intervention(
    support_request: SupportRequest, report: ClosingReport, *, closed_on: datetime.date
) -> Intervention:
    supporter_profile = SupporterProfile.objects.filter(
        user_id=support_request.assigned_to_id  # type: ignore[misc]  # a closed request was assigned
    ).first()
    first_contact = support_request.first_contact_at
    minutes = (
        _minutes_between(support_request.submitted_at, first_contact) if first_contact else None
    )
    unit = support_request.unit
    intervention = Intervention(
        kind=InterventionKind.REQUEST,
        category=support_request.category,
        unit=unit,
        department=unit.department or unit,
        urgency=support_request.urgency,
        # The facts keep the day, never the minute: a minute could be matched to a sign-in.
        requested_at=_start_of_day(support_request.submitted_at),
        first_contact_at=_start_of_day(first_contact) if first_contact else None,
        minutes_to_first_contact=minutes,
        closed_on=closed_on,
        supporter_role_type=supporter_profile.role_type if supporter_profile else "",
        contacts=report.contacts,
        duration_band=report.duration_band,
        referral=report.referral,
        follow_up_planned=report.follow_up_planned,
        support_request=support_request,
    )
    intervention.full_clean(exclude=["support_request"])
    intervention.save()
    return intervention


def _open_request_for_supporter(closed: SupportRequest) -> SupportRequest:
    """'I would like support myself': a new request for the supporter, never to the same pair."""
    supporter = closed.assigned_to
    assert supporter is not None  # a closed request was assigned
    profile = SupporterProfile.objects.filter(user_id=supporter.pk).first()
    own = SupportRequest(
        requester=supporter,
        category=Category.OTHER,
        unit=profile.home_unit if profile else closed.unit,
        urgency=Urgency.THIS_WEEK,
        requester_role_type=profile.role_type if profile else "",
        contact_method="email",
        contact_detail=supporter.email,
        not_assign_to=closed.requester,
    )
    own.full_clean(exclude=["not_assign_to"])
    own.save()
    _announce_new(own, actor=supporter)
    return own


# ---------------------------------------------------------------------------------------------
# The requester's transitions
# ---------------------------------------------------------------------------------------------


def withdraw(*, actor: User, support_request: SupportRequest) -> SupportRequest:
    """The requester no longer wants support: the request stops and its details are forgotten."""
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "withdraw")
        _require_state(support_request, tuple(OPEN_STATES), "withdrawn")
        supporter = support_request.assigned_to
        _revoke(support_request, supporter)
        support_request.purged_at = timezone.now()
        changed = _blank_details(support_request)
        _move(
            support_request,
            State.WITHDRAWN,
            actor=actor,
            fields=["purged_at", *changed],
        )
        if supporter is not None:
            notify(
                recipient=supporter,
                kind="request.withdrawn",
                subject_type=SUBJECT,
                subject_id=support_request.pk,
            )
    return support_request


def answer_survey(
    *, actor: User, support_request: SupportRequest, rating: int, would_recommend: bool
) -> SurveyResponse:
    """Store the requester's rating unlinked from the request (month only); once per request."""
    if not 1 <= rating <= 5:
        raise RequestError(gettext("Choose a rating from 1 to 5."))
    with transaction.atomic():
        support_request = _locked(support_request)
        _check(actor, support_request, "answer_survey")
        _require_state(support_request, (State.CLOSED,), "rated")
        if support_request.no_contact_reason:
            raise RequestError(
                gettext("This request ended without contact; there is nothing to rate.")
            )
        if support_request.survey_answered:
            raise RequestError(
                gettext("You have already answered the survey for this request. Thank you.")
            )
        support_request.survey_answered = True
        support_request.save(update_fields=["survey_answered"])
        answer = SurveyResponse(
            rating=rating,
            would_recommend=would_recommend,
            month=timezone.localdate().replace(day=1),
        )
        answer.full_clean()
        answer.save()
    return answer


# ---------------------------------------------------------------------------------------------
# Reach-in outreach
# ---------------------------------------------------------------------------------------------


def open_outreach(*, actor: User, category: str, unit: Unit, event_on: datetime.date) -> Outreach:
    """Start a reach-in to a unit's team after a difficult event (never patient details)."""
    if not access.may_open_outreach(actor, unit.pk):
        raise NotAllowed("You may open an outreach only for a unit you lead.")
    if event_on > timezone.localdate():
        raise RequestError("The event date cannot be in the future.")
    if event_on < timezone.localdate() - datetime.timedelta(days=366):
        raise RequestError("The event date must be within the last year.")
    with transaction.atomic():
        outreach = Outreach(category=category, unit=unit, event_on=event_on, opened_by=actor)
        outreach.full_clean()
        outreach.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="outreach",
            object_id=outreach.pk,
            detail="->opened",
        )
    return outreach


def assign_to_outreach(*, actor: User, outreach: Outreach, supporter: User) -> OutreachAssignment:
    """Ask an eligible supporter to reach out to the unit's team."""
    if not access.may_open_outreach(actor, outreach.unit_id):
        raise NotAllowed("You may assign supporters only to your units' outreaches.")
    if outreach.closed_at is not None:
        raise RequestError("This outreach is closed.")
    profile = (
        SupporterProfile.objects.filter(user_id=getattr(supporter, "pk", None))  # type: ignore[misc]
        .filter(pk__in=matching.eligible_supporters(requester_id=None).values("pk"))
        .first()
    )
    if profile is None:
        raise RequestError("This supporter cannot take an outreach now.")
    with transaction.atomic():
        assignment, created = OutreachAssignment.objects.get_or_create(
            outreach=outreach, supporter=supporter
        )
        if not created:
            raise RequestError("This supporter is already part of the outreach.")
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="outreach",
            object_id=outreach.pk,
            detail="supporter assigned",
        )
        notify(
            recipient=supporter,
            kind="outreach.assigned",
            subject_type="outreach",
            subject_id=outreach.pk,
        )
    return assignment


MAX_OUTREACH_CONTACTS_PER_ENTRY = 50
# Above this many in one entry, the supporter confirms the number (30 typed for 3).
CONFIRM_OUTREACH_CONTACTS_ABOVE = 10


class NeedsConfirmation(RequestError):
    """A plausible but unusual number: the person confirms it before it is saved."""


def outreach_contact_limit(outreach: Outreach) -> int:
    """At most the unit's headcount when it is known, else 50, in one entry."""
    return outreach.unit.headcount or MAX_OUTREACH_CONTACTS_PER_ENTRY


def log_outreach_contacts(
    *,
    actor: User,
    outreach: Outreach,
    people: int,
    duration_band: str,
    referral: str,
    confirmed: bool = False,
) -> list[Intervention]:
    """An outreach supporter reached `people` colleagues: each counts as one intervention."""
    assignment = OutreachAssignment.objects.filter(outreach=outreach, supporter=actor).first()
    if assignment is None:
        raise NotAllowed("Only the supporters of this outreach log its contacts.")
    if outreach.closed_at is not None:
        raise RequestError("This outreach is closed; no more contacts can be logged.")
    limit = outreach_contact_limit(outreach)
    if not 1 <= people <= limit:
        raise RequestError(f"Give the number of colleagues you spoke with (1 to {limit}).")
    if people > CONFIRM_OUTREACH_CONTACTS_ABOVE and not confirmed:
        raise NeedsConfirmation(f"Please confirm: you spoke with {people} colleagues.")
    now = timezone.now()
    profile = SupporterProfile.objects.filter(user_id=actor.pk).first()
    template = Intervention(
        kind=InterventionKind.OUTREACH,
        category=outreach.category,
        unit=outreach.unit,
        department=outreach.unit.department or outreach.unit,
        requested_at=timezone.make_aware(
            datetime.datetime.combine(outreach.event_on, datetime.time(12))
        ),
        first_contact_at=now,
        closed_on=timezone.localdate(now),
        supporter_role_type=profile.role_type if profile else "",
        contacts=1,
        duration_band=duration_band,
        referral=referral,
        outreach_assignment=assignment,
    )
    template.full_clean(exclude=["outreach_assignment", "support_request"])
    with transaction.atomic():
        created = _add_outreach_facts(template, people)
        assignment.contacts_logged += people
        assignment.save(update_fields=["contacts_logged"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="outreach",
            object_id=outreach.pk,
            detail=f"contacts+{people}",
        )
    return created


def _add_outreach_facts(template: Intervention, count: int) -> list[Intervention]:
    fields = {
        field.attname: getattr(template, field.attname)
        for field in Intervention._meta.concrete_fields
        if not field.primary_key
    }
    return Intervention.objects.bulk_create([Intervention(**fields) for _ in range(count)])


def correct_outreach_contacts(
    *, actor: User, assignment: OutreachAssignment, people: int
) -> OutreachAssignment:
    """The outreach's lead corrects how many colleagues a supporter reached (30 typed for 3):
    the interventions follow, and the old count stays in the audit log."""
    outreach = assignment.outreach
    if not access.may_open_outreach(actor, outreach.unit_id):
        raise NotAllowed("Only the lead of the outreach's unit corrects its counts.")
    if outreach.closed_at is not None:
        raise RequestError("This outreach is closed; its counts can no longer be changed.")
    with transaction.atomic():
        assignment = OutreachAssignment.objects.select_for_update().get(pk=assignment.pk)
        old = assignment.contacts_logged
        limit = max(outreach_contact_limit(outreach), old)
        if not 0 <= people <= limit:
            raise RequestError(f"Give a number from 0 to {limit}.")
        if people == old:
            raise RequestError("That is the number already recorded.")
        facts = assignment.interventions.order_by("-pk")
        if people < old:
            surplus = list(facts.values_list("pk", flat=True)[: old - people])
            if len(surplus) < old - people:
                raise RequestError("These contacts were logged before corrections were possible.")
            Intervention.objects.filter(pk__in=surplus).delete()
        else:
            latest = facts.first()
            if latest is None:
                raise RequestError("Nothing was logged yet: the supporter logs the contacts.")
            _add_outreach_facts(latest, people - old)
        interventions_changed.send(sender=Intervention, months=[outreach.event_on])
        assignment.contacts_logged = people
        assignment.save(update_fields=["contacts_logged"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="outreach",
            object_id=outreach.pk,
            detail=f"contacts corrected {old}->{people}",
        )
    return assignment


def close_outreach(*, actor: User, outreach: Outreach) -> Outreach:
    """End an outreach: no more contacts are logged on it."""
    if not access.may_open_outreach(actor, outreach.unit_id):
        raise NotAllowed("You may close only your units' outreaches.")
    if outreach.closed_at is not None:
        raise RequestError("This outreach is already closed.")
    with transaction.atomic():
        outreach.closed_at = timezone.now()
        outreach.save(update_fields=["closed_at"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="outreach",
            object_id=outreach.pk,
            detail="opened->closed",
        )
    return outreach


# ---------------------------------------------------------------------------------------------
# Scheduled work (called by tasks.py; each is safe to run twice)
# ---------------------------------------------------------------------------------------------


def _hours(key: str, default: int) -> datetime.timedelta:
    return datetime.timedelta(hours=program_setting(key, default))


def escalate_unassigned(*, now: datetime.datetime | None = None) -> int:
    """Requests still without a supporter after N hours (a "today" one after its 30-minute
    target): tell the leads, once per request."""
    now = now or timezone.now()
    cutoff = now - _hours("ESCALATE_UNASSIGNED_AFTER_HOURS", 2)
    # A "today" request is escalated at its own response target (30 minutes), not the generic
    # delay.
    targets: dict[str, int] = program_setting("RESPONSE_TARGET_MINUTES", {"today": 30})
    urgent_cutoff = now - datetime.timedelta(minutes=targets.get("today", 30))
    late = SupportRequest.objects.filter(state__in=UNASSIGNED_STATES).filter(
        Q(submitted_at__lte=cutoff) | Q(urgency=Urgency.TODAY, submitted_at__lte=urgent_cutoff)
    )
    count = 0
    central = list(access.central_leads())
    for support_request in late.only("pk", "routed_unit_id"):
        recipients = central + (
            list(access.local_leads_of(support_request.routed_unit_id))
            if support_request.routed_unit_id
            else []
        )
        for recipient in recipients:
            count += (
                notify(
                    recipient=recipient,
                    kind="request.unassigned",
                    subject_type=SUBJECT,
                    subject_id=support_request.pk,
                )
                is not None
            )
    return count


def chase_unaccepted(*, now: datetime.datetime | None = None) -> int:
    """Assigned but not accepted: remind the supporter, later give the request back to the lead."""
    now = now or timezone.now()
    count = 0
    waiting = SupportRequest.objects.filter(state=State.ASSIGNED).select_related("assigned_to")
    remind_cutoff = now - _hours("REMIND_UNACCEPTED_AFTER_HOURS", 4)
    return_cutoff = now - _hours("RETURN_UNACCEPTED_AFTER_HOURS", 8)
    for support_request in waiting.filter(assigned_at__lte=return_cutoff):
        with transaction.atomic():
            locked = _locked(support_request)
            if locked.state == State.ASSIGNED:
                _give_back(locked, DeclineReason.NO_ANSWER, actor=None)
                count += 1
    return count + _remind_supporters(
        waiting.filter(assigned_at__lte=remind_cutoff), kind="request.remind_accept"
    )


def _remind_supporters(
    requests: QuerySet[SupportRequest], *, kind: str, per_assignment: bool = True
) -> int:
    """One notice of `kind` to each request's supporter (once per assignment); how many were new."""
    return sum(
        notify(
            recipient=support_request.assigned_to,  # type: ignore[arg-type]  # assigned requests only
            kind=kind,
            subject_type=SUBJECT,
            subject_id=support_request.pk,
            occurrence=_assignment_stamp(support_request) if per_assignment else "",
        )
        is not None
        for support_request in requests
    )


def remind_no_contact(*, now: datetime.datetime | None = None) -> int:
    """Accepted but no first contact logged after N hours: remind the supporter once."""
    now = now or timezone.now()
    cutoff = now - _hours("REMIND_NO_CONTACT_AFTER_HOURS", 24)
    return _remind_supporters(
        SupportRequest.objects.filter(state=State.ACCEPTED, accepted_at__lte=cutoff).select_related(
            "assigned_to"
        ),
        kind="request.remind_contact",
    )


def remind_follow_up(*, now: datetime.datetime | None = None) -> int:
    """A follow-up was planned: remind the supporter to check in again, FOLLOW_UP_AFTER_DAYS
    after the first contact."""
    now = now or timezone.now()
    days = program_setting("FOLLOW_UP_AFTER_DAYS", 7)
    due = now - datetime.timedelta(days=days)
    # Only recent closures: older reminders were sent (or are moot) and the scan stays short.
    oldest = due - datetime.timedelta(days=program_setting("RETENTION_DAYS", 30))
    return _remind_supporters(
        SupportRequest.objects.filter(
            state=State.CLOSED,
            follow_up_planned=True,
            assigned_to__isnull=False,
            first_contact_at__lte=due,
            first_contact_at__gte=oldest,
        ).select_related("assigned_to"),
        kind="request.follow_up",
        per_assignment=False,
    )


def _purge_values(row: dict, now: datetime.datetime) -> dict:
    """The column values of a purged request: personal fields emptied, times kept to the day.

    Days are computed here, in the hospital's time zone: a database truncation in an UPDATE
    would store the local midnight as if it were UTC.
    """
    values: dict = {}
    for name in SupportRequest.PERSONAL_FIELDS:
        field = SupportRequest._meta.get_field(name)
        assert isinstance(field, Field)  # PERSONAL_FIELDS names concrete columns only
        values[field.attname] = None if field.null else ""
    for name in SupportRequest.KEPT_AS_DAYS:
        values[name] = _start_of_day(row[name]) if row[name] else None
    values["purged_at"] = _start_of_day(row["purged_at"] or now)
    values["updated_at"] = _start_of_day(now)
    return values


def expired_requests(*, now: datetime.datetime) -> QuerySet[SupportRequest]:
    """Ended requests (any end: closed, withdrawn, redirected...) past the retention period that
    still hold anything personal."""
    days = program_setting("RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    cutoff = now - datetime.timedelta(days=days)
    ended = Coalesce("closed_at", "purged_at", "updated_at")
    still_linked = (
        Q(requester__isnull=False)
        | Q(assigned_to__isnull=False)
        | Q(not_assign_to__isnull=False)
        | Q(purged_at__isnull=True)
    )
    return (
        SupportRequest.objects.exclude(state__in=OPEN_STATES)
        .alias(ended=ended)
        .filter(still_linked, ended__lte=cutoff)
    )


def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Unlink ended requests RETENTION_DAYS after their end, and every copy.

    The row keeps only the facts (state, category, unit, days); the outbox rows about it, its
    guardian grants and expired sessions go. The audit log never held the requester (their own
    actions are written by role), so it keeps the request id with nobody's name on it.
    """
    now = now or timezone.now()
    rows = list(expired_requests(now=now).values("pk", *SupportRequest.KEPT_AS_DAYS))
    if not rows:
        return 0
    ids = [row["pk"] for row in rows]
    text_ids = [str(pk) for pk in ids]
    with transaction.atomic():
        for row in rows:
            SupportRequest.objects.filter(pk=row["pk"]).update(**_purge_values(row, now))
        RequestPermissionGrant.objects.filter(content_object_id__in=ids).delete()
        RequestGroupPermissionGrant.objects.filter(content_object_id__in=ids).delete()
        ConflictDecline.objects.filter(support_request_id__in=ids).delete()
        content_type = ContentType.objects.get_for_model(SupportRequest)
        for generic in (UserObjectPermission, GroupObjectPermission):
            generic.objects.filter(content_type=content_type, object_pk__in=text_ids).delete()
        Notification.objects.filter(subject_type=SUBJECT, subject_id__in=text_ids).delete()
        for pk in ids:
            audit.record(
                action=AuditAction.PURGE,
                object_type="support_request",
                object_id=pk,
                detail="retention",
            )
    _forget_in_sessions(text_ids)
    return len(ids)


def _forget_in_sessions(request_ids: list[str]) -> None:
    """Drop expired sessions, and any live one whose data (a flash message) names a purged id."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    if not settings.SESSION_ENGINE.endswith(("db", "cached_db")):
        return  # cookie or cache sessions: expired with their 12-hour lifetime
    for session in Session.objects.iterator():
        data = repr(session.get_decoded())
        if any(pk in data for pk in request_ids):
            engine.SessionStore(session_key=session.session_key).delete()


def hand_back_from_leaver(*, supporter: User) -> int:
    """A supporter who left: their open requests go back to the lead with a notice, and every
    grant they held on any request is removed. Returns how many requests went back.

    Called by identity.services.deactivate_user, which records the leaver's audit event; each
    request records its own state change as on any give-back.
    """
    count = 0
    with transaction.atomic():
        held = SupportRequest.objects.filter(
            assigned_to=supporter, state__in=(State.ASSIGNED, State.ACCEPTED, State.CONTACTED)
        )
        for support_request in held.select_for_update():
            _give_back(support_request, DeclineReason.UNAVAILABLE, actor=None)
            count += 1
        RequestPermissionGrant.objects.filter(user=supporter).delete()
        UserObjectPermission.objects.filter(user=supporter).delete()
    return count
