"""The disclosure audit: everything one role can download, solved together as a linear program.

An insider with a report account can ask for every period size (month, quarter, year), every
range, places counted by department or by unit, and download each as CSV. Each figure is a sum of
unknown finest cells (one intervention family's value, in one month, in one part of the
hospital); a hidden figure is an inequality (its marker says what range it is in). For every
small cell that is not shown (its true value is from 1 to the threshold) the audit solves for the
smallest and the largest value consistent with all the downloads at once. The rule allows no
range narrower than one that holds both 1 and the threshold.

Two insiders are audited: the sponsor (the whole hospital) and a local lead who also holds the
hospital-wide figures (a lead of one unit, subtracting it from its department and the hospital).
The linear program (HiGHS, the interval of the linear relaxation) is in tests/reports/audit_lp.py,
shared with the audit of the other measures (test_disclosure_audit_measures.py).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.roles import GROUP_FOR_ROLE, Role
from reports import services, suppression
from reports.measures import contact_band_rows, contact_target_hours
from roster.models import JobRoleType, Unit
from support_requests.models import Category, Intervention, InterventionKind
from tests.factories import DepartmentFactory, LocalLeadFactory, UnitFactory, UserFactory
from tests.reports.audit_lp import (
    LinearSystem,
    pinned,
    quarters_and_years,
    report,
    small_candidates,
)

EXPORT = reverse("reports:export")
TODAY = datetime.date(2026, 1, 15)  # 36 complete months: January 2023 to December 2025
FIRST = datetime.date(2023, 1, 1)
MONTHS = [datetime.date(FIRST.year + i // 12, i % 12 + 1, 1) for i in range(36)]
MONTH_INDEX = {month: index for index, month in enumerate(MONTHS)}
CATEGORIES = [value for value, _ in Category.choices]
ROLES = [*(value for value, _ in JobRoleType.choices), ""]
# Departments and their units, with how many interventions a month each unit has on average.
PLACES = {
    "Medicine": {"Ward 1": 9.0, "Ward 2": 3.0},
    "Surgery": {"Theatres": 12.0, "Recovery": 2.0},
    "Women and Children": {"Maternity": 6.0},
}

LEAD_UNIT = "Ward 1"  # the audited local lead's


def quiet(month: datetime.date, unit_name: str) -> float:
    """How much of its usual interventions a unit has that month. In 2024 the lead's unit is
    quiet: a year in which the lead's categories are all below twice the threshold, some small,
    under a total that would show. The first year the whole hospital is very quiet (a tenth:
    about 3 interventions a month, many months without any), so a year's small figure lives in
    one or two months: were a month's zero shown, it would place that figure."""
    if month.year == FIRST.year:
        return 0.1
    if month.year == 2024 and unit_name == LEAD_UNIT:
        return 0.3
    return 1.0


def measure_family(key: str) -> str | None:
    return {
        "interventions": "kind",
        "interventions_by_category": "category",
        "interventions_by_supporter_role": "role",
        "time_to_first_contact": "band",
        "interventions_by_department": "department",
        "interventions_by_unit": "unit",
    }.get(key)


# ---- the seeded hospital ------------------------------------------------------------------------


@dataclass
class Hospital:
    units: dict[str, Unit]  # by name
    departments: dict[str, Unit]
    lead_units: frozenset[int]  # the audited local lead's units
    sponsor: object
    lead: object
    # The true finest cells: (family, value, unit id, month) -> count.
    truth: dict[tuple, int] = field(default_factory=dict)


def band(minutes: int | None) -> str:
    if minutes is None:
        return "unrecorded"
    return "within" if minutes <= 60 * contact_target_hours() else "beyond"


def seed(rng: random.Random) -> Hospital:
    departments, units = {}, {}
    for department_name, members in PLACES.items():
        department = DepartmentFactory(name=department_name)
        departments[department_name] = department
        for unit_name in members:
            units[unit_name] = UnitFactory(name=unit_name, parent=department)
    zone = timezone.get_current_timezone()
    facts, truth = [], defaultdict(int)
    category_weights = [40, 25, 20, 1, 0, 8, 0]  # a few categories never used: fixed at 0
    # The lead's unit has most of the fourth category: the rest of the hospital's is small.
    lead_category_weights = [40, 25, 20, 35, 0, 8, 0]
    role_weights = [50, 10, 0, 8, 0, 6][: len(ROLES) - 1]
    role_weights += [0] * (len(ROLES) - 1 - len(role_weights)) + [2]
    for month in MONTHS:
        for members in PLACES.values():
            for unit_name, usual in members.items():
                unit = units[unit_name]
                mean = usual * quiet(month, unit_name)
                count = max(0, round(rng.gauss(mean, mean / 2)))
                for _ in range(count):
                    day = rng.randint(1, 28)
                    requested = datetime.datetime(
                        month.year, month.month, day, rng.randint(0, 23), tzinfo=zone
                    )
                    minutes = rng.choice(
                        [None] + [rng.randint(5, 600)] * 8 + [rng.randint(1500, 5000)] * 2
                    )
                    fact = Intervention(
                        kind=rng.choices(
                            [InterventionKind.REQUEST, InterventionKind.OUTREACH], [6, 1]
                        )[0],
                        category=rng.choices(
                            CATEGORIES,
                            lead_category_weights if unit_name == LEAD_UNIT else category_weights,
                        )[0],
                        unit=unit,
                        department=unit.parent,
                        requested_at=requested,
                        minutes_to_first_contact=minutes,
                        first_contact_at=None
                        if minutes is None
                        else requested + datetime.timedelta(minutes=minutes),
                        closed_on=(requested + datetime.timedelta(days=2)).date(),
                        supporter_role_type=rng.choices(ROLES, role_weights)[0],
                    )
                    facts.append(fact)
                    for family, value in (
                        ("kind", fact.kind),
                        ("category", fact.category),
                        ("role", fact.supporter_role_type),
                        ("band", band(minutes)),
                        ("unit", unit.pk),
                    ):
                        truth[(family, value, unit.pk, month)] += 1
    Intervention.objects.bulk_create(facts)
    services.rebuild_rollup()
    sponsor = UserFactory(email="audit-sponsor@hospital.test", roles=[GROUP_FOR_ROLE[Role.SPONSOR]])
    lead = LocalLeadFactory(unit=units[LEAD_UNIT], user__email="audit-lead@hospital.test").user
    return Hospital(
        units=units,
        departments=departments,
        lead_units=frozenset({units[LEAD_UNIT].pk}),
        sponsor=sponsor,
        lead=lead,
        truth=dict(truth),
    )


# ---- what a role can download ------------------------------------------------------------------


def requests_for_every_view() -> list[dict]:
    """The filters of every view an insider would try: each size over the whole span, each year
    on its own, and the presets; places counted by department and by unit."""
    ranges = [(MONTHS[0], MONTHS[-1])]
    ranges += [(MONTHS[i], MONTHS[i + 11]) for i in range(0, 36, 12)]
    found = []
    for size in ("month", "quarter", "year"):
        for first, last in ranges:
            if size == "year" and last != first.replace(month=12):
                continue
            found.append(
                {
                    "preset": "custom",
                    "first_month": f"{first:%Y-%m}",
                    "last_month": f"{last:%Y-%m}",
                    "size": size,
                }
            )
        found.extend(
            {"preset": preset, "size": size}
            for preset in ("last_12_months", "last_quarter", "year_to_date")
        )
    return [{**query, "level": level} for query in found for level in ("department", "unit")]


def months_of(period: str) -> list[int]:
    """Indexes into MONTHS of a CSV period key: 2025-08, 2025-Q3, 2025 or 2023-01/2025-12."""
    if "/" in period:
        first, last = (datetime.date(*map(int, p.split("-")), 1) for p in period.split("/"))
        return [i for i, month in enumerate(MONTHS) if first <= month <= last]
    if match := re.fullmatch(r"(\d{4})-Q(\d)", period):
        year, quarter = int(match[1]), int(match[2])
        return [
            i
            for i, month in enumerate(MONTHS)
            if month.year == year and (month.month - 1) // 3 + 1 == quarter
        ]
    if re.fullmatch(r"\d{4}", period):
        return [i for i, month in enumerate(MONTHS) if month.year == int(period)]
    month = datetime.date(*map(int, period.split("-")), 1)
    return [MONTH_INDEX[month]] if month in MONTH_INDEX else []


@dataclass(frozen=True)
class Figure:
    """One downloaded figure: which scope, family, row (None: the total) and months."""

    scope: frozenset[int] | None  # unit ids of a local lead's download, None: whole hospital
    family: str
    row: object
    months: tuple[int, ...]
    value: str


def download(client, hospital: Hospital, user, scope) -> list[Figure]:
    client.force_login(user)
    labels = {
        "kind": {label: value for value, label in InterventionKind.choices},
        "category": {label: value for value, label in Category.choices},
        "role": {
            **{label: value for value, label in JobRoleType.choices},
            "Not recorded": "",
        },
        "band": {label: value for value, label in contact_band_rows(None)},
        "department": {unit.name: unit.pk for unit in hospital.departments.values()},
        "unit": {unit.name: unit.pk for unit in hospital.units.values()},
    }
    found = set()
    for query in requests_for_every_view():
        response = client.get(EXPORT, query)
        assert response.status_code == 200
        for row in csv.DictReader(io.StringIO(response.content.decode())):
            family = measure_family(row["measure"])
            if family is None:
                continue
            if row["dimension"] == "Total":
                key = None
            elif row["dimension"] in labels[family]:
                key = labels[family][row["dimension"]]
            else:
                continue  # a statistic (median, share): not a sum of cells
            months = tuple(months_of(row["period"]))
            found.add(Figure(scope, family, key, months, row["value"]))
    return sorted(found, key=lambda f: (str(f.scope), f.family, str(f.row), f.months, f.value))


# ---- the linear program ------------------------------------------------------------------------


class Audit(LinearSystem):
    """Unknowns: each family's count per value, part of the hospital and month, and each unit's
    count per month. A part is a set of units that the downloads never tell apart (for the
    lead's audit: the lead's units and the rest). Every family's values in a part and month add
    up to the part's units' counts that month."""

    def __init__(self, hospital: Hospital, parts: list[frozenset[int]]):
        self.hospital = hospital
        self.parts = parts
        self.values = {
            "kind": [value for value, _ in InterventionKind.choices],
            "category": CATEGORIES,
            "role": ROLES,
            "band": ["within", "beyond", "unrecorded"],
        }
        super().__init__()
        for family, values in self.values.items():
            for value in values:
                for part in range(len(parts)):
                    for month in range(len(MONTHS)):
                        self.index[(family, value, part, month)] = len(self.index)
        for unit in hospital.units.values():
            for month in range(len(MONTHS)):
                self.index[("unit", unit.pk, month)] = len(self.index)
        for family, values in self.values.items():
            for part_index, part in enumerate(parts):
                for month in range(len(MONTHS)):
                    row = {self.index[(family, value, part_index, month)]: 1.0 for value in values}
                    for unit in part:
                        row[self.index[("unit", unit, month)]] = -1.0
                    self.eq_rows.append(row)
                    self.eq_values.append(0.0)

    def units_of(self, scope: frozenset[int] | None) -> set[int]:
        units = self.hospital.units.values()
        if scope is None:
            return {unit.pk for unit in units}
        return {unit.pk for unit in units if unit.pk in scope or unit.parent_id in scope}

    def cells(self, figure: Figure) -> dict[int, float]:
        """The unknowns a figure adds up."""
        units = self.units_of(figure.scope)
        found: dict[int, float] = {}
        if figure.family in ("unit", "department") or figure.row is None:
            if figure.family == "unit" and figure.row is not None:
                units &= {figure.row}
            elif figure.family == "department" and figure.row is not None:
                units &= {u.pk for u in self.hospital.units.values() if u.parent_id == figure.row}
            for unit in units:
                for month in figure.months:
                    found[self.index[("unit", unit, month)]] = 1.0
            return found
        parts = [i for i, part in enumerate(self.parts) if part <= units]
        assert sum(len(self.parts[i]) for i in parts) == len(units), "a scope splits a part"
        for part in parts:
            for month in figure.months:
                found[self.index[(figure.family, figure.row, part, month)]] = 1.0
        return found

    def add(self, figure: Figure) -> None:
        self.add_sum(self.cells(figure), figure.value)

    def true_value(self, cells: dict[int, float]) -> int:
        truth = self.hospital.truth
        if not hasattr(self, "_keys"):
            self._keys = {i: key for key, i in self.index.items()}
        total = 0
        for i in cells:
            key = self._keys[i]
            if key[0] == "unit":
                total += truth.get(("unit", key[1], key[1], MONTHS[key[2]]), 0)
            else:
                family, value, part, month = key
                total += sum(
                    truth.get((family, value, unit, MONTHS[month]), 0) for unit in self.parts[part]
                )
        return total


def exposed(audit: Audit, figures: list[Figure]) -> tuple[int, list[tuple[str, int, float, float]]]:
    """How many small unshown cells (finest cells, hidden figures, every cell's quarters and
    years) there are, and those pinned tighter than the rule."""
    for figure in figures:
        audit.add(figure)
    limit = suppression.threshold()
    hidden = [(repr(f), audit.cells(f)) for f in figures if not f.value.isdigit()]
    # Also every cell's quarters and years in each part, published or not: the rest of the
    # hospital's, for one, is never published but must not be pinned either.
    hidden += quarters_and_years(audit)
    small = small_candidates(audit, hidden, audit.true_value, limit)
    return len(small), pinned(audit, small, limit)


# ---- the tests ---------------------------------------------------------------------------------


_AUDITED: list = []


@pytest.fixture
def audited(db, client):
    """The seeded hospital and every figure the sponsor and the lead download.

    Seeded and downloaded once for the module (the first test's transaction, rolled back after
    it); the figures are plain data the other tests reuse.
    """
    if not _AUDITED:
        with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
            hospital = seed(random.Random(2026))
            sponsor = download(client, hospital, hospital.sponsor, None)
            lead = download(client, hospital, hospital.lead, hospital.lead_units)
        _AUDITED.append((hospital, sponsor, lead))
    return _AUDITED[0]


def test_the_seed_has_many_small_cells(audited):
    hospital, sponsor, lead = audited
    small = [v for key, v in hospital.truth.items() if key[0] != "unit" and 1 <= v <= 10]
    assert len(small) > 300
    assert any(not figure.value.isdigit() for figure in sponsor)
    assert any(not figure.value.isdigit() for figure in lead)


def test_no_hidden_cell_is_pinned_from_everything_the_sponsor_downloads(audited):
    hospital, sponsor, _ = audited
    audit = Audit(hospital, [frozenset(unit.pk for unit in hospital.units.values())])
    candidates, found = exposed(audit, sponsor)
    assert not found, f"{candidates} small cells: " + report(found)


def test_no_hidden_cell_is_pinned_from_a_local_leads_and_the_hospital_wide_downloads(audited):
    hospital, sponsor, lead = audited
    everyone = frozenset(unit.pk for unit in hospital.units.values())
    audit = Audit(hospital, [hospital.lead_units, everyone - hospital.lead_units])
    candidates, found = exposed(audit, [*sponsor, *lead])
    assert not found, f"{candidates} small cells: " + report(found)
