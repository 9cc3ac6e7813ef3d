"""Supervision of peer supporters: who may see a record, the lists and flags, and every change.

A record is seen by the program manager and central leads (who name the supervisor) and by the
supporter's supervisor (who records check-ins). Nobody else, and no other supervisor: someone
else's record answers 404, as if none existed. A record never holds request details.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.access import has_role, signed_in
from core.models import AuditAction, User
from core.notifications import notify, register
from core.roles import Role
from roster.models import SupporterProfile, SupporterStatus
from roster.supervision_models import SupervisionRecord

if TYPE_CHECKING:
    from django.http import HttpRequest

# Supporters who are, or are becoming, part of the team have a supervision record.
SUPERVISED_STATUSES = (SupporterStatus.ACTIVE, SupporterStatus.PAUSED, SupporterStatus.ON_LEAVE)

register(
    "supervision.assigned",
    subject=_("You supervise a peer supporter"),
    message=_(
        "You have been named the supervisor of a peer supporter. "
        "Please agree the first check-in with them."
    ),
    link=lambda subject_id: reverse("roster:supervision"),
)
register(
    "supervision.overdue",
    subject=_("A supervision check-in is overdue"),
    message=_(
        "A check-in with a peer supporter you supervise is overdue. "
        "Please agree a date with them and record it."
    ),
    link=lambda subject_id: reverse("roster:supervision"),
)


class SupervisionError(ValueError):
    """A change to a supervision record that is refused, with the reason."""


# ---- who may see what -----------------------------------------------------------------------


def oversees_supervision(user: User) -> bool:
    return has_role(user, Role.PROGRAM_MANAGER, Role.CENTRAL_LEAD)


def visible_profiles(user: User) -> QuerySet[SupporterProfile]:
    """Supporters whose supervision this person may see: everyone's for the program manager
    and central leads; their own supervisees for a supervisor; nobody's for anyone else."""
    profiles = SupporterProfile.objects.filter(status__in=SUPERVISED_STATUSES)
    if oversees_supervision(user):
        return profiles
    return profiles.filter(supervision__supervisor_id=user.pk)


def access_profile(request: HttpRequest, pk: int) -> SupporterProfile:
    """A supporter whose supervision this person may see, or 404 (with a denied audit row when
    the supporter exists: a right and a wrong guess get the same answer)."""
    user = signed_in(request)
    found = visible_profiles(user).filter(pk=pk).select_related("user", "home_unit").first()
    if found is None:
        if SupporterProfile.objects.filter(pk=pk).exists():
            audit.record_denied(request, object_type="supervision", object_id=str(pk))
        raise Http404("No such supporter.")
    return found


# ---- lists and flags ------------------------------------------------------------------------


def supervision_rows(user: User, term: str = "") -> QuerySet[SupporterProfile]:
    """The supporters in view with their record (None when there is none yet), the soonest due
    (so the overdue) first, those without a date last; `term` narrows to a name or email. One
    query."""
    rows = visible_profiles(user)
    for word in term.split()[:3]:
        rows = rows.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    return rows.select_related("user", "home_unit", "supervision__supervisor").order_by(
        F("supervision__next_due_on").asc(nulls_last=True),
        "user__last_name",
        "user__first_name",
        "pk",
    )


def overdue(user: User, today: datetime.date | None = None) -> QuerySet[SupervisionRecord]:
    """Records in view whose next check-in is past (the home and roster flag)."""
    today = today or timezone.localdate()
    records = SupervisionRecord.objects.filter(
        next_due_on__lt=today, profile__status__in=SUPERVISED_STATUSES
    )
    if oversees_supervision(user):
        return records
    return records.filter(supervisor_id=user.pk)


def overdue_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return overdue(user).count()


# ---- changes --------------------------------------------------------------------------------


def _check_dates(last: datetime.date | None, next_due: datetime.date | None) -> None:
    if last and last > timezone.localdate():
        raise SupervisionError(_("The last check-in cannot be in the future."))
    if last and next_due and next_due < last:
        raise SupervisionError(_("The next check-in cannot be before the last one."))


def _record_of(profile: SupporterProfile) -> SupervisionRecord:
    record, _created = SupervisionRecord.objects.select_for_update().get_or_create(profile=profile)
    return record


def update_record(
    *,
    profile: SupporterProfile,
    actor: User,
    last_check_in_on: datetime.date | None,
    next_due_on: datetime.date | None,
    notes: str,
    supervisor: User | None = None,
    change_supervisor: bool = False,
) -> SupervisionRecord:
    """Record a check-in (the supervisor, the manager, a central lead) and, for the manager and
    central leads, name the supervisor, who is told. The audit keeps the previous dates and
    supervisor; it never copies the notes."""
    if change_supervisor and not oversees_supervision(actor):
        raise SupervisionError(_("Only the program manager or a central lead names supervisors."))
    if change_supervisor and supervisor is not None and supervisor.pk == profile.user_id:
        raise SupervisionError(_("A supporter cannot supervise themselves."))
    _check_dates(last_check_in_on, next_due_on)
    with transaction.atomic():
        record = _record_of(profile)
        before = {
            "supervisor": record.supervisor_id,
            "last": record.last_check_in_on,
            "next": record.next_due_on,
        }
        record.last_check_in_on, record.next_due_on = last_check_in_on, next_due_on
        notes_changed = record.notes != notes
        record.notes = notes
        if change_supervisor:
            record.supervisor = supervisor
        record.updated_at = timezone.now()
        record.full_clean()
        record.save()
        after = {
            "supervisor": record.supervisor_id,
            "last": record.last_check_in_on,
            "next": record.next_due_on,
        }
        # One row per change, so each keeps its previous value within the log's detail size.
        changed = [
            f"{name} {before[name]}->{after[name]}"
            for name in before
            if before[name] != after[name]
        ]
        if notes_changed:
            changed.append("notes changed")
        for detail in changed:
            audit.record(
                action=AuditAction.STATE_CHANGE,
                actor=actor,
                object_type="supervision",
                object_id=profile.pk,
                detail=detail,
            )
        if change_supervisor and supervisor is not None and before["supervisor"] != supervisor.pk:
            notify(
                recipient=supervisor,
                kind="supervision.assigned",
                subject_type="supervision",
                subject_id=profile.pk,
                occurrence=f"{supervisor.pk}",
            )
    return record


def remind_overdue(today: datetime.date | None = None) -> int:
    """Tell each supervisor of each overdue check-in, once per due date (the outbox's unique
    constraint makes a second run, or two at once, send nothing more). Returns how many were new."""
    today = today or timezone.localdate()
    records = SupervisionRecord.objects.filter(
        next_due_on__lt=today,
        supervisor__is_active=True,
        profile__status__in=SUPERVISED_STATUSES,
    ).select_related("supervisor")
    sent = 0
    for record in records.iterator():
        sent += (
            notify(
                recipient=record.supervisor,
                kind="supervision.overdue",
                subject_type="supervision",
                subject_id=record.profile_id,
                occurrence=f"{record.supervisor_id}-{record.next_due_on:%Y-%m-%d}",
            )
            is not None
        )
    return sent
