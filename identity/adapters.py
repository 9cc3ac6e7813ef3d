"""allauth's social account adapter: SSO accounts and the directory's claims."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.shortcuts import redirect

from identity.models import DeactivationReason, IdentitySource
from identity.services import apply_directory_claims, deactivate_user


def directory_claims(sociallogin: SocialLogin) -> dict:
    """The claims or attributes the identity provider sent, as one flat dictionary."""
    data = sociallogin.account.extra_data or {}
    if "userinfo" in data or "id_token" in data:  # OpenID Connect: the ID token, then userinfo
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return dict(data)  # SAML: attribute name -> list of values


def says_disabled(claims: dict) -> bool:
    """The provider's own "account enabled" claim, when the deployment names one, is false."""
    name = settings.PEERSUPPORT_SSO["ACTIVE_CLAIM"]
    if not name or name not in claims:
        return False
    value = claims[name]
    if isinstance(value, list | tuple):  # SAML attributes
        value = value[0] if value else ""
    return str(value).strip().lower() in {"false", "0", "no", "disabled", "inactive"}


def identity_source(sociallogin: SocialLogin) -> str:
    provider_type = type(sociallogin.account.get_provider()).id
    return IdentitySource.SAML if provider_type == "saml" else IdentitySource.OIDC


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The hospital's identity provider vouches for its employees.
        return True

    def save_user(self, request, sociallogin, form=None):
        # First sign-in: the account is created, then placed in its unit and role type.
        user = super().save_user(request, sociallogin, form)
        apply_directory_claims(
            user=user, claims=directory_claims(sociallogin), source=identity_source(sociallogin)
        )
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        # Later sign-ins (and an account first linked by its email): refresh from the directory.
        # A disabled account is refused by allauth right after this; it is not touched.
        if says_disabled(directory_claims(sociallogin)):
            if sociallogin.is_existing and sociallogin.user.is_active:
                deactivate_user(
                    user=sociallogin.user, actor=None, reason=DeactivationReason.SSO_DISABLED
                )
            raise ImmediateHttpResponse(redirect("account_inactive"))
        if sociallogin.is_existing and sociallogin.user.is_active:
            apply_directory_claims(
                user=sociallogin.user,
                claims=directory_claims(sociallogin),
                source=identity_source(sociallogin),
            )
