"""Creates the provider's database and registers the relying party (run once per test session)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sso.oidc_provider.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

call_command("migrate", verbosity=0)
Application.objects.create(
    name="Peer Support",
    client_id=os.environ["OIDC_TEST_CLIENT_ID"],
    client_secret=os.environ["OIDC_TEST_CLIENT_SECRET"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris="http://testserver/accounts/oidc/hospital/login/callback/",
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
