"""allauth adapters: sign-up is closed unless the hospital allows its own email domain."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The hospital's identity provider vouches for its employees.
        return True
