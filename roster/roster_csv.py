"""The roster as CSV: reading an existing roster for import, writing the directory for export.

Both use the same columns, so an export can be read back. Reading never writes: `parse` returns
the rows it understood and the errors it found, line by line; roster.services imports a file only
when it has no error at all.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core import spoken_languages
from roster.models import JobRoleType, SupporterProfile, SupporterStatus, Unit, UnitKind

COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "role_type",
    "unit",
    "languages",
    "status",
    "available",
    "trained_on",
    "refresher_due_on",
    "agreement_signed_on",
]
REQUIRED_COLUMNS = {"email", "role_type", "unit"}
# Longer values pass the preview but not the database (found by tests/security fuzzing).
EMAIL_MAX_LENGTH = 254
LANGUAGES_MAX_LENGTH = SupporterProfile._meta.get_field("languages").max_length
MAX_ROWS = 5000
# An imported roster holds people already in the program; nominations go through invitations.
IMPORTABLE_STATUSES = {
    SupporterStatus.ACTIVE,
    SupporterStatus.PAUSED,
    SupporterStatus.ON_LEAVE,
    SupporterStatus.RETIRED,
}


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    role_type: str
    unit: Unit
    languages: str
    status: str
    trained_on: datetime.date | None
    refresher_due_on: datetime.date | None
    agreement_signed_on: datetime.date | None


@dataclass
class Preview:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def _choice(value: str, choices) -> str | None:
    wanted = value.strip().lower()
    for choice in choices:
        if wanted in (choice.value, choice.label.lower()):
            return choice.value
    return None


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    return datetime.date.fromisoformat(value) if value else None


def parse(text: str) -> Preview:
    """Read a roster CSV: the rows it can import and, per line, why the others cannot be."""
    preview = Preview()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    records = []
    try:
        header = {name.strip().lower() for name in reader.fieldnames or []}
        missing = REQUIRED_COLUMNS - header
        if missing:
            preview.errors.append((1, f"Missing columns: {', '.join(sorted(missing))}."))
            return preview
        for record in reader:
            # Cells beyond the header's columns (DictReader's key None) are ignored.
            records.append(
                {k.strip().lower(): (v or "").strip() for k, v in record.items() if k is not None}
            )
            if len(records) > MAX_ROWS:
                preview.errors.append((1, f"At most {MAX_ROWS} rows per file."))
                return preview
    except csv.Error as error:  # e.g. a field over csv's size limit
        preview.errors.append((reader.line_num, f"This line cannot be read as CSV ({error})."))
        return preview
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(
            code__in={r["unit"] for r in records}, kind__in=[UnitKind.UNIT, UnitKind.DEPARTMENT]
        )
    }
    emails = {r["email"].lower() for r in records}
    already = set(
        SupporterProfile.objects.filter(user__email__in=emails).values_list(
            "user__email", flat=True
        )
    )
    seen: set[str] = set()
    for line, record in enumerate(records, start=2):
        problems = []
        email = record["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append("bad email")
        if len(email) > EMAIL_MAX_LENGTH:
            problems.append(f"email longer than {EMAIL_MAX_LENGTH} characters")
        if len(record.get("languages", "")) > LANGUAGES_MAX_LENGTH:
            problems.append(f"languages longer than {LANGUAGES_MAX_LENGTH} characters")
        if email in seen:
            problems.append("duplicate of an earlier row")
        elif email in already:
            problems.append("duplicate: already a supporter")
        seen.add(email)
        unit = units.get(record["unit"])
        if unit is None:
            problems.append(f"unknown unit {record['unit']!r}")
        role_type = _choice(record["role_type"], JobRoleType)
        if role_type is None:
            problems.append("unknown role type")
        status = _choice(record.get("status") or "active", SupporterStatus)
        if status not in IMPORTABLE_STATUSES:
            problems.append("status must be active, paused, on leave or retired")
        dates = {}
        for name in ("trained_on", "refresher_due_on", "agreement_signed_on"):
            try:
                dates[name] = _date(record.get(name, ""))
            except ValueError:
                problems.append(f"{name} is not a date (YYYY-MM-DD)")
        if problems:
            preview.errors.append((line, "; ".join(problems)))
            continue
        preview.rows.append(
            ImportRow(
                line=line,
                email=email,
                first_name=record.get("first_name", "")[:150],
                last_name=record.get("last_name", "")[:150],
                role_type=role_type,
                unit=unit,
                languages=spoken_languages.join_codes(
                    spoken_languages.codes_from(record.get("languages", ""))
                )
                or spoken_languages.DEFAULT,
                status=status,
                **dates,
            )
        )
    return preview


def _cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write(profiles: Iterable[SupporterProfile]) -> str:
    """The directory as CSV, one supporter a line, in the import's columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for profile in profiles:
        writer.writerow(
            _cell(value)
            for value in [
                profile.user.email,
                profile.user.first_name,
                profile.user.last_name,
                profile.role_type,
                profile.home_unit.code,
                profile.languages,
                profile.status,
                "yes" if profile.is_available else "no",
                profile.trained_on,
                profile.refresher_due_on,
                profile.agreement_signed_on,
            ]
        )
    return out.getvalue()
