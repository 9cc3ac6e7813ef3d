"""People of the test provider, read from the state file on every sign-in and token."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from oauth2_provider.oauth2_validators import OAuth2Validator


def person(email: str) -> dict | None:
    return json.loads(settings.STATE_FILE.read_text())["people"].get(email)


class StateFileBackend(ModelBackend):
    """Signs in whoever the state file lists with that password (the provider's directory)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        entry = person(username or "")
        if entry is None or entry["password"] != password:
            return None
        user, _ = get_user_model().objects.get_or_create(username=username)
        return user

    def user_can_authenticate(self, user):
        return True


class ClaimsValidator(OAuth2Validator):
    # Every claim goes in the ID token and the userinfo answer, whatever the scope.
    oidc_claim_scope = None

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        # The relying party runs on the test client ("testserver") or a live server on a free
        # port; accept its callback on any local host rather than registering each port.
        return redirect_uri.startswith(
            ("http://testserver/", "http://127.0.0.1:", "http://localhost:")
        )

    def get_additional_claims(self, request):
        email = request.user.username
        return {"email": email, "email_verified": True, **person(email).get("claims", {})}
