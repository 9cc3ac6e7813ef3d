"""Grants of the roles that open request details: central lead and local lead of a unit.

These are the only functions that make someone a central or local lead. Nobody is granted such a
role by themselves: one person asks, a second person holding the approving role confirms, and
only then does the role take effect. A local lead is confirmed by a central lead; a central lead
needs the chair and a central lead (one asks, the other confirms). The person receiving the role
can neither ask nor confirm, and the database refuses a row that says otherwise. Every request,
grant, refusal and removal is mailed to every central lead and the chair, with no request details.
Removing a role takes effect at once: it only ever closes access.

Below the ORM, a trigger writes one audit row for each change of the group or local lead tables,
whatever path made it (roster/migrations/0004); these services add who asked and who confirmed.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import audit
from core.access import forget_roles, roles_of
from core.models import User
from core.notifications import notify
from core.roles import GROUP_FOR_ROLE, Role
from roster.models import GrantedRole, GrantState, LocalLead, RoleGrant, Unit

SUBJECT = "role_grant"

# Who may ask for (or end) each role, and who may confirm it.
MAY_ASK = {
    GrantedRole.CENTRAL_LEAD: frozenset({Role.CHAIR, Role.CENTRAL_LEAD}),
    GrantedRole.LOCAL_LEAD: frozenset({Role.CHAIR, Role.PROGRAM_MANAGER, Role.CENTRAL_LEAD}),
}
MAY_END = {
    GrantedRole.CENTRAL_LEAD: frozenset({Role.CHAIR}),
    GrantedRole.LOCAL_LEAD: frozenset({Role.CHAIR, Role.PROGRAM_MANAGER, Role.CENTRAL_LEAD}),
}


class GrantError(ValueError):
    """A refused grant; the message says why, in words the person understands."""


def announced_to() -> QuerySet:
    """Everyone told of every grant and removal: the central leads and the chair."""
    names = [GROUP_FOR_ROLE[Role.CENTRAL_LEAD], GROUP_FOR_ROLE[Role.CHAIR]]
    return User.objects.filter(is_active=True, groups__name__in=names).distinct()


def holds(*, user: User, role: str, unit: Unit | None = None) -> bool:
    """Does this person hold the role now (whatever path gave it to them)?"""
    if role == GrantedRole.CENTRAL_LEAD:
        return user.groups.filter(name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD]).exists()
    return LocalLead.objects.filter(user=user, unit=unit).exists()


def _announce(grant: RoleGrant, kind: str, occurrence: str = "") -> None:
    for recipient in announced_to():
        notify(
            recipient=recipient,
            kind=kind,
            subject_type=SUBJECT,
            subject_id=grant.pk,
            occurrence=occurrence,
        )


def _record(grant: RoleGrant, *, actor: User, what: str) -> None:
    scope = f" unit {grant.unit_id}" if grant.unit_id else ""
    audit.record(
        action="role_grant",
        actor=actor,
        object_type="user",
        object_id=grant.user_id,
        detail=f"{what} {grant.role}{scope}",
    )


def _check_role(role: str, unit: Unit | None) -> None:
    if role not in GrantedRole.values:
        raise GrantError("That role is not granted here.")
    if (role == GrantedRole.LOCAL_LEAD) != (unit is not None):
        raise GrantError("A local lead is appointed for one unit; a central lead for none.")


def request_role_grant(
    *, user: User, role: str, unit: Unit | None = None, requested_by: User
) -> RoleGrant:
    """Ask for someone to receive a role that opens request details; a second person confirms."""
    _check_role(role, unit)
    if user.pk == requested_by.pk:
        raise GrantError(
            "Nobody can grant themselves a role that opens request details: "
            "ask another holder of the approving role to propose you."
        )
    if not roles_of(requested_by) & MAY_ASK[role]:
        raise GrantError("Your role cannot propose this one.")
    if not user.is_active:
        raise GrantError("This account is deactivated.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if holds(user=user, role=role, unit=unit):
            raise GrantError(f"{user.display_name} already holds this role.")
        waiting = RoleGrant.objects.filter(
            user=user, role=role, unit=unit, state=GrantState.PENDING
        )
        if waiting.exists():
            raise GrantError("This grant is already waiting for a second approver.")
        grant = RoleGrant(user=user, role=role, unit=unit, requested_by=requested_by)
        grant.full_clean()
        grant.save()
        _record(grant, actor=requested_by, what="requested")
        _announce(grant, "role.grant_requested")
    return grant


def may_confirm(grant: RoleGrant, person: User) -> bool:
    """Would this person's confirmation complete the grant? (Pages use it to show the button.)"""
    if grant.state != GrantState.PENDING or person.pk in (grant.user_id, grant.requested_by_id):
        return False
    mine = roles_of(person)
    if grant.role == GrantedRole.LOCAL_LEAD:
        return Role.CENTRAL_LEAD in mine
    # A central lead: the chair and a central lead, two different people, one asks and one
    # confirms. The one who asked must still hold the role that made their request count.
    asker = roles_of(grant.requested_by) if grant.requested_by else frozenset()
    return (Role.CHAIR in asker and Role.CENTRAL_LEAD in mine) or (
        Role.CENTRAL_LEAD in asker and Role.CHAIR in mine
    )


def approve_role_grant(*, grant: RoleGrant, approved_by: User) -> RoleGrant:
    """Confirm a waiting grant as the second person: the role takes effect now."""
    with transaction.atomic():
        grant = (
            RoleGrant.objects.select_for_update(of=("self",))
            .select_related("user", "unit")
            .get(pk=grant.pk)
        )
        if grant.state != GrantState.PENDING:
            raise GrantError("This grant is no longer waiting for approval.")
        if approved_by.pk == grant.user_id:
            raise GrantError("Nobody can approve a role for themselves.")
        if approved_by.pk == grant.requested_by_id:
            raise GrantError("A second person must approve: you proposed this grant.")
        if not may_confirm(grant, approved_by):
            raise GrantError(
                "Only a central lead confirms a local lead; a central lead needs the chair "
                "and a central lead, one proposing and the other confirming."
            )
        if grant.role == GrantedRole.CENTRAL_LEAD:
            group, _ = Group.objects.get_or_create(name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD])
            grant.user.groups.add(group)
        else:
            LocalLead.objects.get_or_create(user=grant.user, unit=grant.unit)
        grant.state = GrantState.ACTIVE
        grant.confirmed_by = approved_by
        grant.confirmed_at = timezone.now()
        grant.full_clean()
        grant.save(update_fields=["state", "confirmed_by", "confirmed_at"])
        _record(grant, actor=approved_by, what="confirmed")
        _announce(grant, "role.granted")
    forget_roles(grant.user)
    return grant


def refuse_role_grant(*, grant: RoleGrant, refused_by: User) -> RoleGrant:
    """Turn down a waiting grant (any holder of an approving role, or the one who asked)."""
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.state != GrantState.PENDING:
            raise GrantError("This grant is no longer waiting for approval.")
        if refused_by.pk != grant.requested_by_id and not may_confirm(grant, refused_by):
            raise GrantError("Your role cannot refuse this grant.")
        grant.state = GrantState.REFUSED
        grant.ended_by = refused_by
        grant.ended_at = timezone.now()
        grant.save(update_fields=["state", "ended_by", "ended_at"])
        _record(grant, actor=refused_by, what="refused")
        _announce(grant, "role.grant_refused")
    return grant


def revoke_role(*, user: User, role: str, unit: Unit | None = None, revoked_by: User) -> RoleGrant:
    """End someone's role that opens request details, at once, and tell every approver."""
    _check_role(role, unit)
    if user.pk != revoked_by.pk and not roles_of(revoked_by) & MAY_END[role]:
        raise GrantError("Your role cannot end this one.")
    with transaction.atomic():
        if not holds(user=user, role=role, unit=unit):
            raise GrantError(f"{user.display_name} does not hold this role.")
        if role == GrantedRole.CENTRAL_LEAD:
            user.groups.remove(Group.objects.get(name=GROUP_FOR_ROLE[Role.CENTRAL_LEAD]))
        else:
            LocalLead.objects.filter(user=user, unit=unit).delete()
        now = timezone.now()
        grant = (
            RoleGrant.objects.select_for_update()
            .filter(user=user, role=role, unit=unit, state=GrantState.ACTIVE)
            .first()
        )
        if grant is None:
            # A holder from before grants were recorded (a seed or a migration): close a row now
            # so the removal is listed like every other.
            grant = RoleGrant(user=user, role=role, unit=unit, requested_by=None, requested_at=now)
        grant.state = GrantState.ENDED
        grant.ended_by = revoked_by
        grant.ended_at = now
        grant.save()
        _record(grant, actor=revoked_by, what="removed")
        _announce(grant, "role.removed")
    forget_roles(user)
    return grant
