"""The languages people speak, as ISO 639-1 codes: the interface's own (en, es) and the others
the request form and the roster offer. A request's "talk to someone who speaks ..." and a
supporter's languages use these codes, so matching compares codes and the interface shows each
language by its own name, as a speaker of it would look for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

# Code -> the language's name in that language. English and Spanish first (the interface's).
SPOKEN_LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("es", "Español"),
    ("zh", "中文"),
    ("tl", "Tagalog"),
    ("vi", "Tiếng Việt"),
    ("fr", "Français"),
    ("ht", "Kreyòl ayisyen"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("ko", "한국어"),
]
NAMES = dict(SPOKEN_LANGUAGES)
DEFAULT = "en"

# The names written before the codes (in English, and some in the language itself) and the code
# each stands for; also the English name of each code, to write the names back. The data migrations
# that turned the names into codes read these: change them only by adding.
CODES_OF_NAMES = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "castellano": "es",
    "mandarin": "zh",
    "chinese": "zh",
    "cantonese": "zh",
    "tagalog": "tl",
    "filipino": "tl",
    "vietnamese": "vi",
    "french": "fr",
    "haitian creole": "ht",
    "creole": "ht",
    "portuguese": "pt",
    "arabic": "ar",
    "russian": "ru",
    "korean": "ko",
}
ENGLISH_NAMES = {
    "en": "English",
    "es": "Spanish",
    "zh": "Mandarin",
    "tl": "Tagalog",
    "vi": "Vietnamese",
    "fr": "French",
    "ht": "Haitian Creole",
    "pt": "Portuguese",
    "ar": "Arabic",
    "ru": "Russian",
    "ko": "Korean",
}
_ALIASES = dict(CODES_OF_NAMES)
_ALIASES.update({name.lower(): code for code, name in SPOKEN_LANGUAGES})
_ALIASES.update({code: code for code in NAMES})


def code_for(text: str) -> str:
    """The code of a language written as a code or a name ("Spanish", "español", "es");
    "" when it is none of the languages offered."""
    return _ALIASES.get((text or "").strip().lower(), "")


def codes_from(text: str) -> list[str]:
    """The codes of a comma-separated list of languages, in order, without repeats or unknowns."""
    codes: list[str] = []
    for part in (text or "").split(","):
        code = code_for(part)
        if code and code not in codes:
            codes.append(code)
    return codes


def join_codes(codes: Iterable[str]) -> str:
    """A supporter's languages as stored: codes separated by commas ("en,es")."""
    return ",".join(code for code in codes if code in NAMES)


def name_of(code: str) -> str:
    """One language's own name; what is not a known code is shown as it is."""
    return NAMES.get(code, code)


def names_of(stored: str) -> str:
    """A stored list of codes as the languages' own names ("English, Español")."""
    return ", ".join(NAMES.get(code, code) for code in stored.split(",") if code)


def listing(code: str, field: str = "languages") -> Q:
    """Rows whose comma-separated `field` of codes holds `code`, exactly ("es" is not "es-x")."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code},"})
        | Q(**{f"{field}__endswith": f",{code}"})
        | Q(**{f"{field}__contains": f",{code},"})
    )
