"""Reads for provisioning: the SCIM client behind a token, and the people SCIM lists."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.utils import timezone

from core.models import User
from identity.models import ScimClient


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scim_client_for(authorization: str) -> ScimClient | None:
    """The active client whose bearer token this Authorization header carries, else None."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    client = ScimClient.objects.filter(
        token_digest=token_digest(token.strip()), is_active=True
    ).first()
    if client is not None:
        ScimClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client


def directory_users() -> QuerySet[User]:
    """Everyone SCIM sees: every account but those the directory has deleted."""
    return (
        User.objects.exclude(employment__deprovisioned_at__isnull=False)
        .select_related("employment__unit")
        .order_by("pk")
    )
