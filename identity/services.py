"""Every change the hospital's identity provider makes to a person here."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from committees.services import remove_leaver_from_committees
from core import audit
from core.models import AuditAction, User
from identity.models import DeactivationReason, Employment, IdentitySource, ScimClient
from identity.scim import DirectoryPerson
from identity.selectors import token_digest
from roster.models import JobRoleType, Unit
from roster.services import retire_leaver
from support_requests.services import hand_back_from_leaver

logger = logging.getLogger(__name__)


def _mapped(value: str, mapping: dict[str, str]) -> str:
    """The mapping's entry for a claim value (exact, then ignoring case), else the value itself."""
    if value in mapping:
        return mapping[value]
    folded = {key.casefold(): code for key, code in mapping.items()}
    return folded.get(value.casefold(), value)


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    if isinstance(value, list | tuple):  # SAML attributes are lists of values
        value = value[0] if value else None
    return str(value).strip() if value not in (None, "") else ""


def unit_from_claims(claims: dict) -> Unit | None:
    """The unit the directory's claim names, through PEERSUPPORT_SSO["UNIT_MAP"] or by code."""
    value = _claim(claims, settings.PEERSUPPORT_SSO["UNIT_CLAIM"])
    if not value:
        return None
    return Unit.objects.filter(
        code__iexact=_mapped(value, settings.PEERSUPPORT_SSO["UNIT_MAP"])
    ).first()


def role_type_from_claims(claims: dict) -> str:
    """The job role type the directory's claim names, through ROLE_TYPE_MAP or by value."""
    value = _claim(claims, settings.PEERSUPPORT_SSO["ROLE_TYPE_CLAIM"])
    code = _mapped(value, settings.PEERSUPPORT_SSO["ROLE_TYPE_MAP"]).lower() if value else ""
    return code if code in JobRoleType.values else ""


def _set_employment(employment: Employment, claims: dict) -> list[str]:
    """Sets unit and role type from the claims the mapping recognises; returns what changed.

    A claim that is missing or that the mapping does not recognise leaves the stored value as it
    is: a directory that stops sending a department must not move anyone out of their unit.
    """
    sso = settings.PEERSUPPORT_SSO
    unit = unit_from_claims(claims)
    role_type = role_type_from_claims(claims)
    changed = []
    if unit is not None and unit.pk != employment.unit_id:
        employment.unit = unit
        changed.append("unit")
    if role_type and role_type != employment.role_type:
        employment.role_type = role_type
        changed.append("role_type")
    if (_claim(claims, sso["UNIT_CLAIM"]) and unit is None) or (
        _claim(claims, sso["ROLE_TYPE_CLAIM"]) and not role_type
    ):
        # The values themselves are not logged: a department name can point at a person.
        logger.warning(
            "Unmapped unit or role type for user %s; check PEERSUPPORT_SSO.", employment.user_id
        )
    return changed


def apply_directory_claims(*, user: User, claims: dict, source: str) -> Employment:
    """Sets a person's unit and job role type from what their identity provider says at sign-in."""
    with transaction.atomic():
        employment, created = Employment.objects.select_for_update().get_or_create(
            user=user, defaults={"source": source}
        )
        changed = _set_employment(employment, claims)
        if not (changed or created):
            return employment
        employment.source = source
        employment.updated_at = timezone.now()
        employment.full_clean()
        employment.save()
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=None,
            object_type="employment",
            object_id=str(user.pk),
            detail=f"{source}: " + (" ".join(changed) or "created"),
        )
    return employment


def end_sessions(*, user: User) -> int:
    """Signs a person out everywhere: their stored sessions are deleted; returns how many."""
    from django.contrib.sessions.models import Session

    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


def deactivate_user(*, user: User, actor: User | None, reason: str) -> User:
    """Someone leaves: the account is switched off and nothing waits on them any more.

    Their sessions end, their password stops working, every grant they held on a request goes,
    their open requests return to the lead (or central triage) with a notice, they come off the
    on-call rota and out of committees (so out of future meetings), and one audit event says so.
    Running it again for an account already off changes nothing.
    """
    reason = DeactivationReason(reason)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user
        user.is_active = False
        # A new password hash also changes the session hash: any session missed below ends too.
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        returned = hand_back_from_leaver(supporter=user)
        shifts = retire_leaver(user=user, actor=actor)
        committees = remove_leaver_from_committees(user=user)
        sessions = end_sessions(user=user)
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=actor,
            object_type="user",
            object_id=str(user.pk),
            detail=f"deactivated: {reason.value}",
        )
    logger.info(
        "Deactivated user %s (%s): %s requests returned, %s shifts, %s committees, %s sessions.",
        user.pk,
        reason.value,
        returned,
        shifts,
        committees,
        sessions,
    )
    return user


# ---------------------------------------------------------------------------------------------
# Provisioning by the hospital's directory (SCIM)
# ---------------------------------------------------------------------------------------------


class DirectoryConflict(ValueError):
    """Another account already has this email address."""


def add_scim_client(*, name: str, actor: User | None) -> tuple[ScimClient, str]:
    """A provisioning client and its bearer token (shown once: only its digest is kept)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        client = ScimClient(name=name, token_digest=token_digest(token))
        client.full_clean()
        client.save()
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=actor,
            object_type="scim_client",
            object_id=str(client.pk),
            detail="added",
        )
    return client, token


def revoke_scim_client(*, client: ScimClient, actor: User | None) -> None:
    """Its token is refused from the next request on."""
    with transaction.atomic():
        client.is_active = False
        client.save(update_fields=["is_active"])
        audit.record(
            action=AuditAction.ROLE_CHANGE,
            actor=actor,
            object_type="scim_client",
            object_id=str(client.pk),
            detail="revoked",
        )


def _apply_person(user: User, person: DirectoryPerson, *, client: ScimClient) -> list[str]:
    """Writes names, email and the directory's claims; returns what changed (no audit)."""
    changed = []
    taken = User.objects.filter(email__iexact=person.email).exclude(pk=user.pk).exists()
    if taken:
        raise DirectoryConflict("Another account already has this email address.")
    for field, value in (
        ("email", person.email),
        ("first_name", person.given_name),
        ("last_name", person.family_name),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    employment, _ = Employment.objects.select_for_update().get_or_create(
        user=user, defaults={"source": IdentitySource.SCIM}
    )
    employment_changes = _set_employment(employment, person.claims())
    if person.external_id != employment.external_id:
        employment.external_id = person.external_id
        employment_changes.append("external_id")
    if employment_changes or employment.deprovisioned_at is not None:
        employment.deprovisioned_at = None
        employment.source = IdentitySource.SCIM
        employment.updated_at = timezone.now()
        employment.save()
    return changed + employment_changes


def _reactivate(user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


def provision_user(*, person: DirectoryPerson, client: ScimClient) -> User:
    """The directory creates an account (or brings back one it had removed)."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=person.email).first()
        if (
            user is not None
            and not Employment.objects.filter(user=user, deprovisioned_at__isnull=False).exists()
        ):
            raise DirectoryConflict("An account with this userName already exists.")
        if user is None:
            user = User.objects.create_user(email=person.email, password=None)
        _apply_person(user, person, client=client)
        if person.active and not user.is_active:
            _reactivate(user)
        audit.record(
            action=AuditAction.STATE_CHANGE,
            actor=None,
            object_type="user",
            object_id=str(user.pk),
            detail=f"provisioned by scim client {client.pk}",
        )
        if not person.active:
            deactivate_user(user=user, actor=None, reason=DeactivationReason.SCIM_DEACTIVATED)
    return user


def update_user(*, user: User, person: DirectoryPerson, client: ScimClient) -> User:
    """The directory changes a person (PUT or PATCH); `active: false` makes them a leaver."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed = _apply_person(user, person, client=client)
        if person.active and not user.is_active:
            _reactivate(user)
            changed.append("reactivated")
        if changed:
            audit.record(
                action=AuditAction.STATE_CHANGE,
                actor=None,
                object_type="user",
                object_id=str(user.pk),
                detail=f"scim client {client.pk}: " + " ".join(changed),
            )
        if not person.active and user.is_active:
            user = deactivate_user(
                user=user, actor=None, reason=DeactivationReason.SCIM_DEACTIVATED
            )
    return user


def deprovision_user(*, user: User, client: ScimClient) -> None:
    """The directory deletes a person: the account is switched off as a leaver and SCIM no longer
    lists it; the row stays for the program's history (and the audit log's actor ids)."""
    with transaction.atomic():
        deactivate_user(user=user, actor=None, reason=DeactivationReason.SCIM_DELETED)
        Employment.objects.update_or_create(
            user=user,
            defaults={"deprovisioned_at": timezone.now(), "source": IdentitySource.SCIM},
        )
