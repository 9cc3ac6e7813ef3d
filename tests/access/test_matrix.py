"""Every URL pattern of the project, for every role, against the matrix.

A URL name that is not in a tests/access/matrix_<app>.py file fails the build.
"""

import importlib
import pkgutil
import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.rows import ROLES
from tests.factories import SupportRequestFactory

# URL namespaces that belong to libraries, checked by their own tests and by test_sign_in_required.
LIBRARY_PREFIXES = ("accounts/", "admin/")
# Public without signing in: probes, robots.txt, calendar feeds (their own token) and /metrics,
# which answers only METRICS_ALLOWED_IPS (tests/operations/test_metrics.py).
PUBLIC_NAMES = {"healthz", "readyz", "metrics", "robots", "calendar_feed:personal"}


def load_matrix() -> dict:
    matrix = {}
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name.startswith("matrix_"):
            rows = importlib.import_module(f"tests.access.{module.name}").MATRIX
            overlap = set(rows) & set(matrix)
            assert not overlap, f"rows listed twice: {overlap}"
            matrix.update(rows)
    return matrix


def project_url_names(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(LIBRARY_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from project_url_names(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else route


SENTINEL = "SENTINEL-7f3a-free-text-never-shown"
# Only a request's own page shows its free text (to those allowed to read it).
PAGES_SHOWING_DETAILS = {"support_requests:detail"}


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def assert_security_headers(response, where: str) -> None:
    """The security headers of a signed-in HTML page (the request came over HTTPS)."""
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives.get("frame-ancestors") == "'none'", f"{where}: CSP {csp!r}"
    script_src = directives.get("script-src", directives.get("default-src", ""))
    assert script_src and "unsafe-inline" not in script_src, f"{where}: CSP {csp!r}"
    assert "unsafe-eval" not in script_src, f"{where}: CSP {csp!r}"
    hsts = response.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, f"{where}: HSTS {hsts!r}"
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("Cache-Control") == "no-store", f"{where}: {response.get('Cache-Control')}"


LANGUAGES_IN_TURN = ("en", "es")
HTML_LANG = re.compile(rb"<html[^>]*\blang=\"([a-z-]+)\"")


def assert_language(response, language: str, where: str) -> None:
    """A full HTML page declares the language it is written in (fragments have no <html>)."""
    found = HTML_LANG.search(response.content)
    if found is not None:
        assert found.group(1).decode() == language, f"{where}: lang={found.group(1)!r}"


MATRIX = load_matrix()
NAMES = sorted(set(project_url_names()) - PUBLIC_NAMES)


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(NAMES) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(NAMES))
    print(f"access matrix: {len(NAMES)} URL patterns x {len(ROLES)} roles + anonymous")
    assert not missing, f"URL patterns without a row in tests/access/matrix_*.py: {missing}"
    assert not stale, f"matrix rows for URL names that no longer exist: {stale}"


@pytest.mark.parametrize("name", NAMES)
def test_each_role_gets_what_the_matrix_says(client, people, name, django_assert_max_num_queries):
    row = MATRIX[name]
    if row.setup:
        row.setup(people)
    # A request whose free text must appear on no page but its own detail page, and there only
    # for the people the confidentiality rules name.
    SupportRequestFactory(
        requester=people.staff, unit=people.icu, details=SENTINEL, routed_unit=people.icu
    )
    url = reverse(name, args=row.args(people) if row.args else None)
    anonymous = client.get(url)
    assert anonymous.status_code == row.anonymous_status, name
    if row.anonymous_status == 302:
        assert anonymous["Location"].startswith("/accounts/login/"), name
    for index, (role, user) in enumerate(people.by_role().items()):
        # Every other role reads the site in Spanish: the answers must not depend on the language.
        language = LANGUAGES_IN_TURN[index % len(LANGUAGES_IN_TURN)]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(user)
        with django_assert_max_num_queries(row.max_queries, info=f"{name} as {role}"):
            response = client.get(url, secure=True)
        if role in row.allowed:
            expected = 405 if row.post_only else row.ok_status
        else:
            expected = row.denied_status
        assert response.status_code == expected, (
            f"{name} as {role}: {response.status_code}, expected {expected}"
        )
        if is_html(response):  # allowed pages and the 403/404 pages alike
            assert_security_headers(response, f"{name} as {role} ({response.status_code})")
            assert_language(response, language, f"{name} as {role} ({response.status_code})")
        if name not in PAGES_SHOWING_DETAILS:
            body = response.content.decode(errors="ignore")
            assert SENTINEL not in body, f"{name} as {role} shows a request's free text"
        if not row.post_only and role not in row.allowed:
            post = client.post(url, {})
            assert post.status_code in (row.denied_status, 405), (
                f"POST {name} as {role}: {post.status_code}"
            )
        client.logout()
