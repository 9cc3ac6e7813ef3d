"""allauth's account adapter: sign-up is closed unless the hospital allows its own email domain.

The social account adapter (SSO) is identity.adapters.SocialAccountAdapter."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.core.exceptions import PermissionDenied

from core.audit import client_ip


def _domain_allowed(email: str) -> bool:
    domain = settings.PEERSUPPORT_SIGNUP_EMAIL_DOMAIN
    return bool(domain) and email.lower().rsplit("@", 1)[-1] == domain


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts come from the hospital's SSO or an invitation; self sign-up only when the
        # deployment names its email domain (and then only for that domain, see clean_email).
        return bool(settings.PEERSUPPORT_SIGNUP_EMAIL_DOMAIN)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if settings.PEERSUPPORT_SIGNUP_EMAIL_DOMAIN and not _domain_allowed(email):
            from django import forms

            raise forms.ValidationError("Please use your hospital email address.")
        return email

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # A reset asked for an unknown address must not point to a sign-up page that is closed.
        if template_prefix == "account/email/unknown_account" and not self.is_open_for_signup(
            context.get("request")
        ):
            context = {**context, "signup_url": ""}
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request) -> str:
        # The sign-in limits key on the same client address as the audit log: the one the
        # hospital's trusted proxies saw (settings.TRUSTED_PROXY_COUNT), never a forged entry.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Someone who signs in only through the hospital's identity provider has no password to
        # confirm, and allauth answered 403 to a lead sent to set up MFA: a hospital sign-in within
        # the reauthentication window counts as confirmation (and later, see below).
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.has_usable_password():
            return True
        window = account_settings.REAUTHENTICATION_TIMEOUT
        return not any(
            record.get("method") == "socialaccount" and time.time() - record["at"] < window
            for record in get_authentication_records(request, user)
        )

    def get_reauthentication_methods(self, user) -> list[dict]:
        # Nothing else to confirm with (no password, no MFA yet): sign in at the hospital again.
        methods = super().get_reauthentication_methods(user)
        if methods or not user.is_authenticated or user.has_usable_password():
            return methods
        from allauth.socialaccount.models import SocialAccount

        account = SocialAccount.objects.filter(user=user).order_by("-last_login").first()
        if account is None:
            return methods
        provider = account.get_provider(context.request)
        return [
            {
                "id": "hospital_sign_in",
                "description": f"Sign in again with {provider.name}",
                "url": provider.get_login_url(context.request),
            }
        ]
