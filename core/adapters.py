"""allauth adapters: sign-up is closed unless the hospital allows its own email domain."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The hospital's identity provider vouches for its employees.
        return True
