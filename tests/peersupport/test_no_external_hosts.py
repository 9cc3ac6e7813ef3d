"""No template or static file makes the browser reach a host outside the app (no CDN)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A src/href/url() that points at another host.
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//"""
)


def files_served_or_rendered():
    for folder in [ROOT / "templates", ROOT / "static", *ROOT.glob("*/templates")]:
        for path in folder.rglob("*"):
            if (
                path.is_file()
                and path.suffix in {".html", ".css", ".js", ".txt"}
                and ".venv" not in path.parts
            ):
                yield path


def test_no_template_or_static_file_refers_to_an_outside_host():
    offenders = [
        str(p.relative_to(ROOT))
        for p in files_served_or_rendered()
        if EXTERNAL.search(p.read_text(errors="ignore"))
    ]
    assert offenders == []


def test_vendored_front_end_files_carry_their_licences():
    vendor = ROOT / "static" / "vendor"
    for library in ("bootstrap", "chartjs", "htmx"):
        assert any(p.name.upper().startswith("LICENSE") for p in (vendor / library).iterdir()), (
            library
        )
