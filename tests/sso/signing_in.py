"""Walks the OpenID Connect sign-in as a browser would: our app on Django's test client, the
provider over real HTTP. Each redirect is followed by hand, so a test sees every hop."""

import re
from urllib.parse import urlsplit

import requests

from tests.sso.conftest import PROVIDER_ID, OIDCProvider


def follow_provider(browser: requests.Session, url: str, provider: OIDCProvider, form: dict):
    """Follows the provider's redirects, signing in on its login page; returns our callback URL."""
    for _ in range(10):
        if not url.startswith(provider.base_url):
            return url
        response = browser.get(url, allow_redirects=False)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
            next_url = re.search(r'name="next" value="([^"]*)"', response.text)[1]
            response = browser.post(
                url.split("?")[0],
                data={**form, "csrfmiddlewaretoken": token, "next": next_url.replace("&amp;", "&")},
                allow_redirects=False,
            )
            if response.status_code == 200:
                return None  # the provider refused the password
        assert response.status_code == 302, (response.status_code, response.text[:500])
        url = requests.compat.urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")


def sign_in_with_sso(client, provider: OIDCProvider, email: str, password: str, start: str = ""):
    """Our sign-in button, the provider's login page, and our callback; returns the last answer."""
    start = client.post(start or f"/accounts/oidc/{PROVIDER_ID}/login/")
    assert start.status_code == 302, start.status_code
    assert start["Location"].startswith(f"{provider.issuer}/authorize/")
    callback = follow_provider(
        requests.Session(), start["Location"], provider, {"username": email, "password": password}
    )
    if callback is None:
        return None
    parts = urlsplit(callback)
    assert parts.path == f"/accounts/oidc/{PROVIDER_ID}/login/callback/", callback
    return client.get(f"{parts.path}?{parts.query}")
