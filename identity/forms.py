"""The sign-in form, which refuses passwords when the hospital allows SSO only."""

from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings


class SignInForm(LoginForm):
    @property
    def sso_only(self) -> bool:
        """The sign-in page shows only the hospital's sign-in button."""
        return settings.PEERSUPPORT_SSO["ONLY"]

    def clean(self):
        if settings.PEERSUPPORT_SSO["ONLY"]:
            # Checked before the password, so a refused attempt tells nothing about the account.
            raise forms.ValidationError("Sign in with the hospital's account: passwords are off.")
        return super().clean()
