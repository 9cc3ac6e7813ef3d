"""The person's language: the footer's switcher, their profile, and the notices written to them.

Signed out, the language is Django's choice (the switcher's cookie, else the browser's
Accept-Language). Signed in, the profile's language wins: it is saved when the person switches
and set from the cookie at sign-in when the profile has none yet. Notices are written in the
recipient's language, whoever's request caused them (`in_language_of`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


class LanguageForm(forms.Form):
    """The footer's switcher: each language by its own name (settings.LANGUAGES)."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "ps-%s")  # one per page, apart from the page's own forms
        super().__init__(*args, **kwargs)


def switcher() -> LanguageForm:
    """The switcher, showing the active language."""
    return LanguageForm(initial={"language": translation.get_language() or settings.LANGUAGE_CODE})


def language_of(user) -> str:
    """The language to write to this person in: their profile's, else the site's."""
    chosen = getattr(user, "language", "")
    return chosen if chosen in LANGUAGE_CODES else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user) -> Iterator[str]:
    """Everything built inside (subject, message, .ics) is in the person's language."""
    language = language_of(user)
    with translation.override(language):
        yield language


class UserLanguageMiddleware:
    """After authentication: a signed-in person with a saved language sees the site in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language in LANGUAGE_CODES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


@login_not_required
@require_POST
def set_language(request):
    """Django's set_language (the cookie, the safe `next`), and the profile when signed in."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in LANGUAGE_CODES and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def adopt_language_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: a profile without a language takes the one chosen before signing in."""
    if user.language in LANGUAGE_CODES or request is None:
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in LANGUAGE_CODES:
        user.language = chosen
        user.save(update_fields=["language"])
