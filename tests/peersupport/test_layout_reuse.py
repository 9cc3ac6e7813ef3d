"""The layout's navigation and language controls are written once and reused
(core.templatetags.layout): each person still sees exactly their own links, in their language,
with the current section marked, and forms whose CSRF tokens are their own."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from core import access
from core.templatetags.layout import MAIN_LINKS

NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)</ul>', re.DOTALL)
LINK = re.compile(r'<a class="nav-link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def navigation(client, url: str) -> list[tuple[str, bool, str]]:
    html = client.get(url).content.decode()
    return [
        (href, bool(current), label) for href, current, label in LINK.findall(NAV.search(html)[1])
    ]


def expected(user, language: str, current_url: str) -> list[tuple[str, bool, str]]:
    with translation.override(language):
        return [
            (reverse(name), reverse(name) == current_url, str(label))
            for name, label, capability in MAIN_LINKS
            if capability is None or access.may(user, capability)
        ]


def test_every_role_sees_its_own_links_in_its_language_whoever_was_served_before(client, people):
    pages = [reverse("training:index"), reverse("support_requests:mine")]
    for round_ in range(2):  # the second round is served from what the first one wrote
        for role, user in people.by_role().items():
            language = "es" if (round_ + len(role)) % 2 else "en"
            user.language = language
            user.save(update_fields=["language"])
            client.force_login(user)
            for url in pages:
                assert navigation(client, url) == expected(user, language, url), (role, url)


def test_the_current_section_is_marked_on_its_pages_and_no_other(client, people):
    client.force_login(people.manager)
    directory = reverse("roster:directory")
    for url in (directory, reverse("roster:coverage"), reverse("committees:index"), directory):
        marked = [href for href, current, _label in navigation(client, url) if current]
        assert marked == (
            [directory] if url.startswith(directory) else [reverse("committees:index")]
        )


def test_the_language_controls_follow_the_language_and_the_forms_carry_each_sessions_token(people):
    pattern = re.compile(
        f'<form method="post" action="{reverse("set_language")}"'
        r'.*?name="csrfmiddlewaretoken" value="([^"]+)".*?<option value="(\w+)" selected>',
        re.DOTALL,
    )
    for user, language in ((people.staff, "es"), (people.central, "en"), (people.sponsor, "es")):
        user.language = language
        user.save(update_fields=["language"])
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(reverse("training:index")).content.decode()
        token, chosen = pattern.search(html).groups()
        assert chosen == language
        assert ('lang="es"' in html) == (language == "es")
        other = "en" if language == "es" else "es"
        response = client.post(
            reverse("set_language"), {"language": other, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302  # the token was this session's, not a cached one


def test_a_page_rendered_without_its_request_shows_the_links_and_marks_none(people):
    from django.template import Context, Template

    html = Template("{% load layout %}{% main_navigation %}").render(
        Context({"user": people.staff})
    )
    assert [href for href, _current, _label in LINK.findall(html)] == [
        reverse(name) for name, _label, capability in MAIN_LINKS if capability is None
    ]
    assert "aria-current" not in html
