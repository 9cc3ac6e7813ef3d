"""Anonymous visitors are sent to sign in from every page but /accounts/... and /healthz."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = ("accounts/", "healthz", "robots.txt", "calendar/feed/")


def concrete_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from concrete_paths(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def fill(pattern: str) -> str:
    import re

    # A fixed id, not uuid4(): the parametrisation ids must be the same in every xdist worker.
    path = re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=1)), pattern)
    path = re.sub(r"<(int:)?[^>]+>", "1", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


APP_PATHS = sorted(
    {fill(p) for p in concrete_paths() if not p.startswith(PUBLIC) and not p.startswith("admin/")}
)


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
def test_healthz_and_sign_in_are_public(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 200


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
