"""The program's tunable settings (the PEERSUPPORT dict of settings.py), read with their type."""

from typing import TypeVar, cast

from django.conf import settings
from django.utils import translation

T = TypeVar("T")


def program_setting(name: str, default: T) -> T:
    """settings.PEERSUPPORT[name] if set, else `default`; typed as the default is."""
    return cast(T, settings.PEERSUPPORT.get(name, default))


def program_text(name: str) -> str:
    """A text the program configures (crisis line, EAP and HR contacts) in the active language.

    settings.PEERSUPPORT[f"{name}_ES"] holds the Spanish version; a language without its own
    version, or an empty one, falls back to the English text settings.PEERSUPPORT[name].
    """
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != "en":
        translated = settings.PEERSUPPORT.get(f"{name}_{language.upper()}", "")
        if translated:
            return str(translated)
    return str(settings.PEERSUPPORT.get(name, ""))
