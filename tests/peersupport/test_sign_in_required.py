"""Anonymous visitors are sent to sign in from every page but the few marked public.

Django's LoginRequiredMiddleware does the sending; a view opts out with `@login_not_required`
(allauth marks its sign-in, sign-up, password-reset and SSO views). The set of public views is
stated here as data, so a view that opts out by mistake fails the build.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Our own public views, and allauth's (the pages a person needs before signing in).
PUBLIC_VIEWS = {
    "healthz",
    "readyz",
    "metrics",
    "robots",
    "calendar_feed:personal",
    # The footer's language switcher (a POST with CSRF): the sign-in page offers Spanish too.
    "set_language",
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "socialaccount_login_cancelled",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
    # SAML: the sign-in start, the assertion consumer service (the IdP's POST and its finish),
    # single logout and our metadata for the IdP.
    "saml_login",
    "saml_acs",
    "saml_finish_acs",
    "saml_sls",
    "saml_metadata",
    # SCIM answers 401 without its bearer token, whatever the session (tests/identity/test_scim.py).
    "scim:users",
    "scim:user",
    "admin:login",
}


def url_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def fill(pattern: str) -> str:
    # A fixed id, not uuid4(): the parametrisation ids must be the same in every xdist worker.
    path = re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=1)), pattern)
    path = re.sub(r"<(int:)?[^>]+>", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


APP_PATHS = sorted(
    {
        fill(pattern)
        for pattern, name, callback in url_patterns()
        if name not in PUBLIC_VIEWS and not pattern.startswith("admin/")
    }
)


def test_exactly_the_listed_views_answer_without_sign_in():
    public = {
        name
        for _p, name, callback in url_patterns()
        if not getattr(callback, "login_required", True)
    }
    assert public == PUBLIC_VIEWS


def test_signed_in_account_pages_are_among_the_checked_paths():
    # allauth's pages for a signed-in person (email, password change, MFA set-up) need sign-in too.
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert path in APP_PATHS


@pytest.mark.django_db
@pytest.mark.parametrize("path", APP_PATHS)
def test_anonymous_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


@pytest.mark.django_db
def test_healthz_robots_and_sign_in_are_public(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots.content.decode() == "User-agent: *\nDisallow: /\n"


@pytest.mark.django_db
def test_an_unknown_calendar_token_answers_404_not_a_sign_in_page(client):
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404


@pytest.mark.django_db
def test_the_sign_in_page_offers_hospital_sso_only_when_it_is_configured(client, settings):
    assert "hospital's account" not in client.get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "hospital",
                    "name": "Hospital sign-in",
                    "client_id": "peer-support",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.hospital.test/v2.0"},
                }
            ]
        }
    }
    body = client.get("/accounts/login/").content.decode()
    assert "Hospital sign-in" in body
    assert "/accounts/oidc/hospital/login/" in body
