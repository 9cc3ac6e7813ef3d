"""Every change the hospital's identity provider makes to a person here."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from identity.models import Employment
from peersupport import audit
from peersupport.models import AuditAction, User
from roster.models import JobRoleType, Unit

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


def apply_directory_claims(*, user: User, claims: dict, source: str) -> Employment:
    """Sets a person's unit and job role type from what their identity provider says.

    A claim that is missing or that the mapping does not recognise leaves the stored value as it
    is: a directory that stops sending a department must not move anyone out of their unit.
    """
    unit = unit_from_claims(claims)
    role_type = role_type_from_claims(claims)
    with transaction.atomic():
        employment, created = Employment.objects.select_for_update().get_or_create(
            user=user, defaults={"source": source}
        )
        changed = []
        if unit is not None and unit.pk != employment.unit_id:
            employment.unit = unit
            changed.append("unit")
        if role_type and role_type != employment.role_type:
            employment.role_type = role_type
            changed.append("role_type")
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
    if (_claim(claims, settings.PEERSUPPORT_SSO["UNIT_CLAIM"]) and unit is None) or (
        _claim(claims, settings.PEERSUPPORT_SSO["ROLE_TYPE_CLAIM"]) and not role_type
    ):
        # The values themselves are not logged: a department name can point at a person.
        logger.warning(
            "Unmapped unit or role type claim for user %s; check PEERSUPPORT_SSO.", user.pk
        )
    return employment
