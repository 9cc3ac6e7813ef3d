"""The Spanish catalogue: complete for everything staff and supporters read, and compiled.

`makemessages -l es` runs on a copy of the sources, so a string marked for translation but
missing from the committed catalogue fails here, as does an untranslated or fuzzy one. Leads'
strings may stay English (tests/i18n/catalogue.py says which files are theirs and why).
"""

import gettext
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.i18n.catalogue import read_po

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What makemessages needs: the Python packages and the templates (not the tests, the docs, the
# static files or the virtual environment).
NOT_SOURCES = shutil.ignore_patterns(
    ".*",
    "var",
    "tests",
    "bench",
    "docs",
    "deploy",
    "static",
    "node_modules",
    "__pycache__",
    "*.pyc",
)


def untranslated(entries) -> list[str]:
    return sorted(
        f"{entry.msgid!r} ({', '.join(entry.locations[:3])})"
        for entry in entries
        if not entry.obsolete and not entry.translated and not entry.lead_only
    )


def test_the_committed_catalogue_translates_every_staff_and_supporter_string():
    entries = read_po(PO)
    assert len(entries) > 300
    missing = untranslated(entries)
    assert not missing, f"{len(missing)} Spanish strings missing: " + "; ".join(missing)


def test_makemessages_finds_no_string_the_catalogue_lacks(tmp_path, monkeypatch, settings):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("gettext (xgettext) is required in CI: .ci/run installs it")
        pytest.skip("xgettext is not installed; the committed catalogue is checked above")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCES)
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["es"], verbosity=0)
    entries = read_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    missing = untranslated(entries)
    assert not missing, (
        f"{len(missing)} strings are marked but not translated (run `make messages` and "
        "translate them in locale/es/LC_MESSAGES/django.po): " + "; ".join(missing)
    )


def test_the_compiled_catalogue_is_the_committed_one():
    """locale/es/.../django.mo is committed (make run needs no gettext): it says what the .po says."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = {}
    for entry in read_po(PO):
        if entry.obsolete or not entry.translated:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in enumerate(entry.msgstr):
                expected[(key, index)] = text
        else:
            expected[key] = entry.msgstr[0]
    compiled.pop("", None)
    assert compiled == expected, "run `make messages` (compilemessages) and commit the .mo"


def test_spanish_is_read_from_the_compiled_catalogue():
    with translation.override("es"):
        assert translation.gettext("Send my request") == "Enviar mi solicitud"
        assert translation.gettext("Ask for peer support") == "Pedir apoyo entre compañeros"
        assert translation.ngettext("%(count)d minute", "%(count)d minutes", 30) % {
            "count": 30
        } == ("30 minutos")
    with translation.override("en"):
        assert translation.gettext("Send my request") == "Send my request"
