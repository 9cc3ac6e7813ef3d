"""Every change to the roster: nominations, status changes, availability, on-call shifts, import.

Participation is voluntary: a nomination only invites; the nominee's own acceptance, with
the confidentiality agreement signed, makes them a supporter; and a supporter may pause or leave at
any time without a reason. A lead may pause a supporter or put them on leave, but never resumes one
who paused themselves, and never brings back one who left: that takes a new, accepted nomination.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core import agreements, audit
from core.models import AuditAction, User
from core.notifications import notify
from core.roles import GROUP_FOR_ROLE, Role
from roster import access, roster_csv, selectors
from roster.models import (
    Nomination,
    NominationState,
    OnCallShift,
    StatusChange,
    SupporterProfile,
    SupporterStatus,
    Unit,
    Volunteering,
    VolunteerState,
)

# A supporter counts as one for access and matching in these statuses (core.access).
CURRENT_STATUSES = frozenset(access.SUPPORTER_ROLE_STATUSES)
MAX_SHIFT_HOURS = 24
MAX_SHIFT_DAYS_AHEAD = 90


class RosterError(ValueError):
    """A roster change that is refused; the message says why, in words a lead understands."""


# ---- nominations -----------------------------------------------------------------------------


def nominate(*, nominator: User, nominee: User, unit: Unit, role_type: str) -> Nomination:
    """Invite a staff member to become a peer supporter of `unit` (nothing more: they decide)."""
    if not access.may(nominator, "roster.nominate") or not access.may_manage_unit(
        nominator, unit.pk
    ):
        raise RosterError("You can nominate people only for the units you lead.")
    if not nominee.is_active:
        raise RosterError("This account is not active.")
    profile = SupporterProfile.objects.filter(user=nominee).first()
    if profile is not None and profile.status in CURRENT_STATUSES:
        raise RosterError("This person is already a peer supporter.")
    if Nomination.objects.filter(nominee=nominee, state=NominationState.PENDING).exists():
        raise RosterError("This person already has an invitation waiting for an answer.")
    with transaction.atomic():
        nomination = Nomination(
            nominee=nominee, nominated_by=nominator, unit=unit, role_type=role_type
        )
        nomination.full_clean()
        nomination.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=nominator,
            object_type="nomination",
            object_id=nomination.pk,
            detail="nominated",
        )
        notify(
            recipient=nominee,
            kind="roster.nominated",
            subject_type="nomination",
            subject_id=nomination.pk,
        )
    return nomination


def _lock_open_invitation(nomination: Nomination, nominee: User) -> Nomination:
    """Re-read the invitation under a row lock: two answers at once cannot both succeed."""
    locked = (
        Nomination.objects.select_for_update()
        .filter(pk=nomination.pk, nominee_id=nominee.pk, state=NominationState.PENDING)
        .first()
    )
    if locked is None:
        raise RosterError("This invitation is no longer open.")
    return locked


def accept_nomination(
    *, nomination: Nomination, nominee: User, agreement_signed: bool
) -> SupporterProfile:
    """The nominee's own yes, with the confidentiality agreement signed: they become a supporter."""
    if not agreement_signed:
        raise RosterError("Please read and sign the confidentiality agreement to accept.")
    now = timezone.now()
    with transaction.atomic():
        nomination = _lock_open_invitation(nomination, nominee)
        nomination.state = NominationState.ACCEPTED
        nomination.answered_at = now
        nomination.full_clean()
        nomination.save(update_fields=["state", "answered_at"])
        profile = SupporterProfile.objects.filter(user=nominee).first()
        if profile is None:
            profile = SupporterProfile(user=nominee, status=SupporterStatus.NOMINATED)
            profile.joined_on = timezone.localdate()
            previous = ""
        else:
            previous = profile.status
        profile.role_type = nomination.role_type
        profile.home_unit = nomination.unit
        profile.status = SupporterStatus.ACTIVE
        profile.is_available = True
        profile.agreement_signed_on = timezone.localdate()
        profile.full_clean()
        profile.save()
        if not previous:
            # The history starts on the day of the nomination, with the nominator as its author.
            StatusChange.objects.create(
                profile=profile,
                from_status="",
                to_status=SupporterStatus.NOMINATED,
                changed_at=nomination.created_at,
                changed_by_id=nomination.nominated_by_id,
            )
        StatusChange.objects.create(
            profile=profile,
            from_status=previous or SupporterStatus.NOMINATED,
            to_status=SupporterStatus.ACTIVE,
            changed_at=now,
            changed_by=nominee,
        )
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=nominee,
            object_type="supporter_profile",
            object_id=profile.pk,
            detail=f"{previous or 'nominated'} -> active",
        )
        agreements.agreement_signed(nominee)
    access.forget_roles(nominee)
    return profile


def decline_nomination(*, nomination: Nomination, nominee: User) -> None:
    """The nominee's no: final for this nomination, and the nominator learns only "declined"."""
    with transaction.atomic():
        nomination = _lock_open_invitation(nomination, nominee)
        nomination.state = NominationState.DECLINED
        nomination.answered_at = timezone.now()
        nomination.full_clean()
        nomination.save(update_fields=["state", "answered_at"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=nominee,
            object_type="nomination",
            object_id=nomination.pk,
            detail="declined",
        )


# ---- volunteering ----------------------------------------------------------------------------


def volunteer(*, volunteer: User, unit: Unit, role_type: str) -> Volunteering:
    """A staff member offers to become a supporter; the unit's leads (else the central leads)
    are asked to approve."""
    profile = SupporterProfile.objects.filter(user=volunteer).first()
    if profile is not None and profile.status in CURRENT_STATUSES:
        raise RosterError("You are already a peer supporter. Thank you!")
    if Volunteering.objects.filter(volunteer=volunteer, state=VolunteerState.PENDING).exists():
        raise RosterError("Your offer is already with a lead.")
    if Nomination.objects.filter(nominee=volunteer, state=NominationState.PENDING).exists():
        raise RosterError("An invitation is already waiting for you on your profile page.")
    with transaction.atomic():
        offer = Volunteering(volunteer=volunteer, unit=unit, role_type=role_type)
        offer.full_clean()
        offer.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=volunteer,
            object_type="volunteering",
            object_id=offer.pk,
            detail="volunteered",
        )
        for lead in list(access.local_leads_of(unit.pk)) or list(access.central_leads()):
            notify(
                recipient=lead,
                kind="roster.volunteered",
                subject_type="volunteering",
                subject_id=offer.pk,
            )
    return offer


def may_decide_volunteering(user: User, offer: Volunteering) -> bool:
    """The local lead of the offer's unit, or a central lead (the same rule as nominating)."""
    return access.may(user, "roster.nominate") and access.may_manage_unit(user, offer.unit_id)


def _lock_pending_offer(offer: Volunteering, actor: User) -> Volunteering:
    if not may_decide_volunteering(actor, offer):
        raise RosterError("Only the unit's lead or a central lead decides on this offer.")
    locked = (
        Volunteering.objects.select_for_update()
        .filter(pk=offer.pk, state=VolunteerState.PENDING)
        .select_related("volunteer", "unit")
        .first()
    )
    if locked is None:
        raise RosterError("This offer has already been decided.")
    return locked


def approve_volunteer(*, actor: User, offer: Volunteering) -> Volunteering:
    """Approve a volunteer: they get the invitation a nominee gets, and decide from there."""
    with transaction.atomic():
        offer = _lock_pending_offer(offer, actor)
        nomination = nominate(
            nominator=actor, nominee=offer.volunteer, unit=offer.unit, role_type=offer.role_type
        )
        offer.state = VolunteerState.APPROVED
        offer.decided_at = timezone.now()
        offer.decided_by = actor
        offer.nomination = nomination
        offer.save(update_fields=["state", "decided_at", "decided_by", "nomination"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="volunteering",
            object_id=offer.pk,
            detail="pending->approved",
        )
    return offer


def refuse_volunteer(*, actor: User, offer: Volunteering) -> Volunteering:
    """Thank a volunteer without taking the offer forward (they are told kindly, no reason)."""
    with transaction.atomic():
        offer = _lock_pending_offer(offer, actor)
        offer.state = VolunteerState.REFUSED
        offer.decided_at = timezone.now()
        offer.decided_by = actor
        offer.save(update_fields=["state", "decided_at", "decided_by"])
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="volunteering",
            object_id=offer.pk,
            detail="pending->refused",
        )
        notify(
            recipient=offer.volunteer,
            kind="roster.volunteer_refused",
            subject_type="volunteering",
            subject_id=offer.pk,
        )
    return offer


# ---- status and profile ----------------------------------------------------------------------

# What the supporter may do to their own status, and what a lead may do to it.
SELF_TRANSITIONS = {
    SupporterStatus.ACTIVE: {SupporterStatus.PAUSED, SupporterStatus.RETIRED},
    SupporterStatus.PAUSED: {SupporterStatus.ACTIVE, SupporterStatus.RETIRED},
    SupporterStatus.ON_LEAVE: {SupporterStatus.ACTIVE, SupporterStatus.RETIRED},
}
LEAD_TRANSITIONS = {
    SupporterStatus.ACTIVE: {
        SupporterStatus.PAUSED,
        SupporterStatus.ON_LEAVE,
        SupporterStatus.RETIRED,
    },
    SupporterStatus.PAUSED: {
        SupporterStatus.ACTIVE,
        SupporterStatus.ON_LEAVE,
        SupporterStatus.RETIRED,
    },
    SupporterStatus.ON_LEAVE: {
        SupporterStatus.ACTIVE,
        SupporterStatus.PAUSED,
        SupporterStatus.RETIRED,
    },
}


def change_status(*, profile: SupporterProfile, to_status: str, actor: User) -> SupporterProfile:
    """Move a supporter to another status, with a dated history row and an audit entry."""
    is_self = profile.user_id == actor.pk
    if not is_self and not access.may_manage_unit(actor, profile.home_unit_id):
        raise RosterError("You can manage only the supporters of the units you lead.")
    allowed = (SELF_TRANSITIONS if is_self else LEAD_TRANSITIONS).get(
        SupporterStatus(profile.status), set()
    )
    if to_status not in allowed:
        if profile.status == SupporterStatus.RETIRED:
            raise RosterError(
                "This person has left the program; they can rejoin by a new nomination."
            )
        raise RosterError(
            f"A supporter who is {profile.get_status_display().lower()} cannot be made "
            f"{SupporterStatus(to_status).label.lower()} this way."
        )
    if not is_self and to_status == SupporterStatus.ACTIVE:
        last = profile.status_changes.order_by("-changed_at", "-id").first()
        if last is not None and last.changed_by_id == profile.user_id:
            raise RosterError("The supporter paused themselves; only they can resume.")
    with transaction.atomic():
        previous = profile.status
        profile.status = to_status
        profile.full_clean()
        profile.save(update_fields=["status"])
        StatusChange.objects.create(
            profile=profile, from_status=previous, to_status=to_status, changed_by=actor
        )
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=actor,
            object_type="supporter_profile",
            object_id=profile.pk,
            detail=f"{previous} -> {to_status}",
        )
    access.forget_roles(profile.user)
    return profile


def set_availability(*, profile: SupporterProfile, available: bool, actor: User) -> None:
    """The supporter's own availability switch (only they set it)."""
    if profile.user_id != actor.pk:
        raise RosterError("Only the supporter sets their own availability.")
    with transaction.atomic():
        profile.is_available = available
        profile.save(update_fields=["is_available"])


def update_profile(
    *, profile: SupporterProfile, actor: User, role_type: str, home_unit: Unit, languages: str
) -> SupporterProfile:
    """A lead corrects a supporter's role type, home unit (within their units) or languages."""
    if not access.may_manage_unit(actor, profile.home_unit_id) or not access.may_manage_unit(
        actor, home_unit.pk
    ):
        raise RosterError("You can move supporters only between the units you lead.")
    with transaction.atomic():
        moved = profile.home_unit_id != home_unit.pk
        profile.role_type = role_type
        profile.home_unit = home_unit
        profile.languages = languages
        profile.full_clean()
        profile.save(update_fields=["role_type", "home_unit", "languages"])
        if moved:
            audit.record(
                action=AuditAction.ROLE_CHANGE,
                actor=actor,
                object_type="supporter_profile",
                object_id=profile.pk,
                detail=f"unit -> {home_unit.pk}",
            )
    return profile


# ---- on-call rota ----------------------------------------------------------------------------


def sign_up_for_shift(
    *, supporter: User, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> OnCallShift:
    """An active, trained supporter takes an on-call shift (no overlap with their own, at most
    a day)."""
    profile = SupporterProfile.objects.filter(user=supporter).first()
    if profile is None or profile.status != SupporterStatus.ACTIVE:
        raise RosterError("Only active supporters can sign up for on-call shifts.")
    if not profile.is_trained:
        raise RosterError("Only trained supporters (refresher not overdue) take on-call shifts.")
    now = timezone.now()
    if ends_at <= starts_at:
        raise RosterError("A shift must end after it starts.")
    if ends_at <= now:
        raise RosterError("This shift is already over.")
    if ends_at - starts_at > datetime.timedelta(hours=MAX_SHIFT_HOURS):
        raise RosterError(f"A shift lasts at most {MAX_SHIFT_HOURS} hours.")
    if starts_at > now + datetime.timedelta(days=MAX_SHIFT_DAYS_AHEAD):
        raise RosterError(f"Sign up at most {MAX_SHIFT_DAYS_AHEAD} days ahead.")
    if OnCallShift.objects.filter(
        supporter=supporter, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists():
        raise RosterError("You already have a shift at that time.")
    with transaction.atomic():
        shift = OnCallShift(supporter=supporter, starts_at=starts_at, ends_at=ends_at)
        shift.full_clean()
        shift.save()
    return shift


def cancel_shift(*, shift: OnCallShift, actor: User) -> None:
    """A supporter withdraws from one of their shifts that has not ended yet."""
    if shift.supporter_id != actor.pk:
        raise RosterError("You can cancel only your own shifts.")
    if shift.ends_at <= timezone.now():
        raise RosterError("This shift is already over.")
    with transaction.atomic():
        shift.delete()


def flag_rota_gaps(*, today: datetime.date | None = None) -> list[datetime.date]:
    """Tell the program managers about each day of the coming two weeks with an on-call gap.

    Idempotent: one notice per manager per gap day (the outbox's unique occurrence).
    """
    gaps = selectors.rota_gap_days(start=today)
    managers = User.objects.filter(
        is_active=True, groups__name=GROUP_FOR_ROLE[Role.PROGRAM_MANAGER]
    ).distinct()
    with transaction.atomic():
        for gap in gaps:
            for manager in managers:
                notify(
                    recipient=manager,
                    kind="roster.rota_gap",
                    subject_type="on_call_rota",
                    subject_id=gap.isoformat(),
                    occurrence=gap.isoformat(),
                )
    return gaps


# ---- import ----------------------------------------------------------------------------------


def import_roster(*, text: str, actor: User) -> int:
    """Import an existing roster from CSV as invitations: every row or none. Returns how many.

    Nobody becomes a supporter by import: each person gets an invitation (a nominee's profile
    keeping the training dates of the file) and becomes a supporter only by accepting it and
    signing the confidentiality agreement, as after a lead's nomination.
    """
    if not access.may(actor, "roster.administer"):
        raise RosterError("Only the program manager imports a roster.")
    preview = roster_csv.parse(text)
    if preview.errors:
        raise RosterError("The file has errors; nothing was imported.")
    if not preview.rows:
        raise RosterError("The file has no rows to import.")
    with transaction.atomic():
        for row in preview.rows:
            user = User.objects.filter(email=row.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=row.email, first_name=row.first_name, last_name=row.last_name
                )
            profile = SupporterProfile(
                user=user,
                role_type=row.role_type,
                home_unit=row.unit,
                languages=row.languages,
                status=SupporterStatus.NOMINATED,
                is_available=False,
                trained_on=row.trained_on,
                refresher_due_on=row.refresher_due_on,
            )
            profile.full_clean()
            profile.save()
            StatusChange.objects.create(
                profile=profile,
                from_status="",
                to_status=SupporterStatus.NOMINATED,
                changed_by=actor,
            )
            if not Nomination.objects.filter(nominee=user, state=NominationState.PENDING).exists():
                nomination = Nomination.objects.create(
                    nominee=user, nominated_by=actor, unit=row.unit, role_type=row.role_type
                )
                notify(
                    recipient=user,
                    kind="roster.nominated",
                    subject_type="nomination",
                    subject_id=nomination.pk,
                )
        audit.record(
            action=AuditAction.IMPORT,
            actor=actor,
            object_type="roster",
            detail=f"{len(preview.rows)} rows",
        )
    return len(preview.rows)


def retire_leaver(*, user: User, actor: User | None, now: datetime.datetime | None = None) -> int:
    """Someone who left the hospital: their supporter profile is retired (with a history row), so
    matching and community meetings pass them by, and their on-call shifts are taken off the
    rota: future ones deleted, one under way ended now. Returns how many shifts changed.

    Called by identity.services.deactivate_user, which records the leaver's audit event.
    """
    now = now or timezone.now()
    with transaction.atomic():
        profile = SupporterProfile.objects.select_for_update().filter(user=user).first()
        if profile is not None and profile.status != SupporterStatus.RETIRED:
            StatusChange.objects.create(
                profile=profile,
                from_status=profile.status,
                to_status=SupporterStatus.RETIRED,
                changed_at=now,
                changed_by=actor,
            )
            profile.status = SupporterStatus.RETIRED
            profile.is_available = False
            profile.save(update_fields=["status", "is_available"])
        shifts = OnCallShift.objects.select_for_update().filter(supporter=user, ends_at__gt=now)
        deleted, _ = shifts.filter(starts_at__gte=now).delete()
        ended = shifts.filter(starts_at__lt=now).update(ends_at=now)
    access.forget_roles(user)
    return deleted + ended
