"""Reading a gettext catalogue (.po) without a third-party library, and which strings may stay
English.

Leads' and governance pages may stay English for now; everything staff and supporters read must
be in Spanish. A string is the leads' own when EVERY place it is used (the `#:` locations that
makemessages writes) is in a lead-only file below. A string also used on a staff or supporter page,
in a notice, or in a shared module (forms, models, views) must be translated: one file list, kept
here beside the check, is simpler to review than a message context on every lead string, and it
fails safe (a new file counts as staff-facing until it is listed).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

# Pages and modules only leads, the program manager, the chair, the sponsor and committees use.
LEAD_ONLY = (
    "committees/",
    "reports/",
    "operations/",
    "identity/",
    "bench/",
    "roster/templates/roster/coverage.html",
    "roster/templates/roster/directory.html",
    "roster/templates/roster/edit_supporter.html",
    "roster/templates/roster/grants.html",
    "roster/templates/roster/import.html",
    "roster/templates/roster/nominate.html",
    "roster/templates/roster/nominations.html",
    "roster/templates/roster/supporter.html",
    "roster/templates/roster/volunteers.html",
    "roster/templates/roster/_nav.html",
    "support_requests/templates/support_requests/access_log.html",
    "support_requests/templates/support_requests/outreach_detail.html",
    "support_requests/templates/support_requests/outreach_list.html",
    "support_requests/templates/support_requests/redirect_confirm.html",
    "support_requests/templates/support_requests/_supporter_matches.html",
    "training/templates/training/courses.html",
    "training/templates/training/form.html",
    "training/templates/training/results.html",
    "training/templates/training/result_detail.html",
    "training/templates/training/attendance.html",
    "templates/design.html",
)


@dataclass
class Entry:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str = ""
    msgstr: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags

    @property
    def lead_only(self) -> bool:
        return bool(self.locations) and all(
            location.startswith(LEAD_ONLY) for location in self.locations
        )


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def _unquote(literal: str) -> str:
    return ast.literal_eval(literal)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header, msgid "", left out)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = Entry(msgid="")
        parts: dict[str, str] = {}
        current = None
        seen_msgid = False
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].strip()
            if line.startswith("#:"):
                entry.locations += [loc.rsplit(":", 1)[0] for loc in line[2:].split()]
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                current = match.group(1)
                parts[current] = _unquote(match.group(2))
                seen_msgid = seen_msgid or current == "msgid"
            elif line.startswith('"') and current:
                parts[current] += _unquote(line)
        if not seen_msgid or not parts.get("msgid"):
            continue
        entry.msgid = parts["msgid"]
        entry.msgid_plural = parts.get("msgid_plural", "")
        entry.msgctxt = parts.get("msgctxt", "")
        entry.msgstr = [value for key, value in sorted(parts.items()) if key.startswith("msgstr")]
        entries.append(entry)
    return entries
