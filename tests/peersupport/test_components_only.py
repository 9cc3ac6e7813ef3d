"""Pages are drawn from the component partials: no template outside templates/components/ writes
its own button, table or form-field markup, or hands a form to crispy-forms."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a page must leave to the components, as exact patterns over the template's text.
FORBIDDEN = {
    "a <button> element (components/button.html or components/action.html)": re.compile(
        r"<button\b", re.IGNORECASE
    ),
    "a <table> element (components/table.html)": re.compile(r"<table\b", re.IGNORECASE),
    "Bootstrap's button class (components/button.html or link_button.html)": re.compile(
        r"""class\s*=\s*["'][^"']*(?<![\w-])btn(?![\w])"""
    ),
    "a control class (components/field.html)": re.compile(r"\bform-(?:control|select)\b"),
    "crispy-forms (components/form.html or field.html)": re.compile(
        r"{%\s*crispy\b|\|\s*crispy\b|\bas_crispy_field\b|\bcrispy_forms_tags\b"
    ),
}

# Templates that may, each for a reason that is not a page's choice.
EXCEPTIONS = {
    # allauth hands its element templates attributes and slots, not a bound field or a text, so
    # they cannot include the components; they carry the components' classes and order instead.
    "templates/allauth/elements/button.html",
    "templates/allauth/elements/field.html",
    # The stand-in identity provider of the sign-in tests: never served by the application.
    "tests/sso/oidc_provider/templates/registration/login.html",
    # The benchmark's baseline page: the cheapest possible rendering, timed against real pages.
    "bench/templates/bench/bare_read.html",
}


def _templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if not {".venv", "node_modules", "var"} & set(path.relative_to(ROOT).parts)
    )


def offences(text: str) -> list[str]:
    return [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]


def test_no_template_outside_the_components_draws_its_own_controls():
    found = {}
    for path in _templates():
        name = str(path.relative_to(ROOT))
        if name.startswith("templates/components/") or name in EXCEPTIONS:
            continue
        if what := offences(path.read_text()):
            found[name] = what
    assert found == {}, "use the component partials (docs/design-system.md): " + repr(found)


def test_the_exceptions_still_exist_and_still_need_to_be_exceptions():
    """An exception that no longer offends (or no longer exists) is taken off the lists, so a
    converted page cannot slide back unnoticed."""
    stale = [
        name
        for name in sorted(EXCEPTIONS)
        if not (ROOT / name).exists() or not offences((ROOT / name).read_text())
    ]
    assert stale == []


def test_the_patterns_catch_what_they_name():
    assert offences('<button type="submit">Go</button>')
    assert offences("<TABLE class='x'>")
    assert offences('<a class="ms-2 btn btn-primary" href="#">Go</a>')
    assert offences('<input class="form-control">') and offences('<select class="form-select">')
    assert offences("{% crispy form %}") and offences("{{ form|crispy }}")
    assert offences("{{ form.person|as_crispy_field }}")
    assert not offences('{% include "components/button.html" with text="Go" %}')
    assert offences('<a class="x btn-close" href="#">Close</a>')
    assert not offences('<div class="ps-button-group"><a class="subtn">a table of contents</a>')
