"""What the hospital's identity provider says about a person: their unit and job role type."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from roster.models import JobRoleType


class IdentitySource(models.TextChoices):
    OIDC = "oidc", "OpenID Connect sign-in"
    SAML = "saml", "SAML sign-in"
    SCIM = "scim", "SCIM provisioning"


class DeactivationReason(models.TextChoices):
    SCIM_DEACTIVATED = "scim_deactivated", "Switched off by the hospital's directory (SCIM)"
    SCIM_DELETED = "scim_deleted", "Removed by the hospital's directory (SCIM)"
    SSO_DISABLED = "sso_disabled", "The identity provider says the account is disabled"
    LEFT = "left", "Left the hospital (by hand)"


class Employment(models.Model):
    """A person's unit and job role type as the hospital's directory last gave them.

    Written on the first SSO sign-in and refreshed on later ones, so the program sees people move
    between units without anyone retyping it. Only what the mapping in settings recognises is kept.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employment"
    )
    unit = models.ForeignKey(
        "roster.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_type = models.CharField(max_length=32, choices=JobRoleType.choices, blank=True)
    source = models.CharField(max_length=8, choices=IdentitySource.choices)
    updated_at = models.DateTimeField(default=timezone.now)
    # SCIM: the directory's own id for the person, and when the directory removed them (their
    # account stays, switched off, for the program's history; SCIM no longer lists it).
    external_id = models.CharField(max_length=255, blank=True)
    deprovisioned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.unit_id or '-'} / {self.role_type or '-'}"


class ScimClient(models.Model):
    """A provisioning client (the hospital's directory) with its own bearer token.

    Only a SHA-256 digest of the token is stored; the token is shown once, when the client is
    made (`manage.py scim_client add NAME`). Switching a client off refuses its token at once.
    """

    name = models.CharField(max_length=80, unique=True)
    token_digest = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
