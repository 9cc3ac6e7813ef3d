"""The parts of the page layout (templates/base.html) that are the same for many people: written
once per process and per everything they depend on, then reused.

The main navigation depends on the person's roles (which links show), the language, the site's
URLs and the section the page is in: never on who the person is. The language switcher's controls
depend on the language only. Both were about half of the layout's rendering (ten URL reversals, six
access checks, eleven current-section checks, a form built and its select rendered through
Django's widget templates on every page). What is person- or request-specific (the CSRF tokens of
the sign-out and language forms) stays outside.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core import access
from core.language import switcher
from core.templatetags.ui import is_current

register = template.Library()

# The main navigation's links, in order: URL name, label, and the capability that shows the link
# (None: every signed-in person).
MAIN_LINKS = (
    ("support_requests:new", _("Ask for support"), None),
    ("support_requests:mine", _("My requests"), None),
    ("support_requests:assigned", _("My assignments"), "requests.assignments"),
    ("support_requests:triage", _("Triage"), "requests.triage"),
    ("support_requests:unit_queue", _("Unit queue"), "requests.unit_queue"),
    ("roster:directory", _("Roster"), "roster.directory"),
    ("training:index", _("Training"), None),
    ("committees:index", _("Committees"), "committees.browse"),
    ("reports:dashboard", _("Reports"), "reports.dashboard"),
)


@register.simple_tag(takes_context=True)
def main_navigation(context) -> SafeString:
    """The main navigation's list of links for the signed-in person of this page."""
    urls = _link_urls(get_script_prefix(), get_urlconf())
    request = context.get("request")  # a page rendered without its request marks no section
    path = request.path if request is not None else ""
    return _main_navigation(
        access.roles_of(context.get("user")),
        translation.get_language() or "",
        urls,
        tuple(is_current(path, url) for url in urls),
    )


@lru_cache(maxsize=16)
def _link_urls(script_prefix: str, urlconf: str | None) -> tuple[str, ...]:
    return tuple(reverse(name) for name, _label, _capability in MAIN_LINKS)


@lru_cache(maxsize=256)
def _main_navigation(
    roles: frozenset, language: str, urls: tuple[str, ...], current: tuple[bool, ...]
) -> SafeString:
    # Rendered while `language` is active: the labels are translated into it.
    links = [
        {"url": url, "label": label, "current": here}
        for (_name, label, capability), url, here in zip(MAIN_LINKS, urls, current, strict=True)
        if capability is None or access.roles_may(roles, capability)
    ]
    return SafeString(render_to_string("layout/main_navigation.html", {"links": links}))


@register.simple_tag
def language_controls() -> SafeString:
    """The language switcher's list and button, showing the active language."""
    return _language_controls(translation.get_language() or "")


@lru_cache(maxsize=16)
def _language_controls(language: str) -> SafeString:
    # Rendered while `language` is active: the list shows it chosen, the label is in it.
    return SafeString(
        render_to_string("layout/language_controls.html", {"language_form": switcher()})
    )
