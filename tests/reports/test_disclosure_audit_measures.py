"""The disclosure audit of the measures outside the interventions, one measure family at a time.

Redirections, the after-support survey (ratings and would-recommend: two lines that add up to the
same answers), training sessions held, training attendance, training feedback and community
meeting attendance. The sponsor downloads every view (each period size over the whole span, each
year, the presets, by department and by unit) as CSV; a local lead does the same for the two
measures a lead sees (training and community meeting attendance, of their units' supporters) and
is audited together with the hospital-wide figures. Each figure is a sum of unknown finest cells
(one row of one measure, in one part of the hospital, in one month), a hidden one a range; for
every small cell that is not shown the linear program (tests/reports/audit_lp.py) gives the
smallest and the largest value consistent with all the downloads. None may be narrower than 1 to
the threshold.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
import time_machine
from django.utils import timezone

from committees.models import Attendance, MeetingKind
from core.roles import GROUP_FOR_ROLE, Role
from reports import suppression
from support_requests.models import Redirection, RedirectReason, SurveyResponse
from tests.committees.factories import MeetingFactory
from tests.factories import (
    DepartmentFactory,
    LocalLeadFactory,
    SupporterProfileFactory,
    UnitFactory,
    UserFactory,
)
from tests.reports.audit_lp import (
    LinearSystem,
    pinned,
    quarters_and_years,
    report,
    small_candidates,
)
from tests.reports.test_disclosure_audit import (
    EXPORT,
    MONTHS,
    PLACES,
    months_of,
    requests_for_every_view,
)
from tests.training.factories import CourseFactory, TrainingSessionFactory
from training.models import Enrolment, EnrolmentStatus, FeedbackResponse

# Measures whose rows add up to the same total are audited together.
GROUPS = {
    "redirections": ["redirections"],
    "survey": ["survey_ratings", "survey_recommend"],
    "trainings_held": ["trainings_held"],
    "training_attendance": ["training_attendance"],
    "training_feedback": ["training_feedback"],
    "community_meeting_attendance": ["community_meeting_attendance"],
}
LEAD_SEES = ("training_attendance", "community_meeting_attendance")
# Courses with how many sessions a month each has on average.
COURSES = {"Peer support basics": 1.2, "Refresher": 0.6, "Grief and loss": 0.3}
SUPPORTERS_PER_UNIT = 12
COMMUNITY_MEANS = {"Ward 1": 3.0, "Ward 2": 1.5, "Theatres": 2.0, "Recovery": 0.7, "Maternity": 1.5}
REDIRECTION_MEANS = {"hr": 3.0, "eap": 1.0, "crisis": 6.0}


@dataclass
class Program:
    lead_units: frozenset[int]
    sponsor: object
    lead: object
    labels: dict[str, dict[str, object]]  # measure -> row label -> row key
    # The true finest cells: (measure, row key, unit id or None, month index) -> count.
    truth: dict[tuple, int] = field(default_factory=dict)


def gauss(rng: random.Random, mean: float) -> int:
    return max(0, round(rng.gauss(mean, mean / 2)))


def seed(rng: random.Random) -> Program:
    zone = timezone.get_current_timezone()
    truth: dict[tuple, int] = defaultdict(int)
    units = {}
    for department_name, members in PLACES.items():
        department = DepartmentFactory(name=department_name)
        for unit_name in members:
            units[unit_name] = UnitFactory(name=unit_name, parent=department)
    supporters = {
        name: [SupporterProfileFactory(home_unit=unit).user for _ in range(SUPPORTERS_PER_UNIT)]
        for name, unit in units.items()
    }
    everyone = [(user, units[name].pk) for name, users in supporters.items() for user in users]
    courses = {name: CourseFactory(name=name) for name in COURSES}
    redirections, answers, enrolments, feedback, attendance = [], [], [], [], []
    for m, month in enumerate(MONTHS):
        for reason, mean in REDIRECTION_MEANS.items():
            count = gauss(rng, mean)
            truth[("redirections", reason, None, m)] += count
            redirections += [
                Redirection(reason=reason, occurred_on=month.replace(day=rng.randint(1, 28)))
                for _ in range(count)
            ]
        for _ in range(gauss(rng, 9.0)):
            rating = rng.choices(range(1, 6), [1, 2, 6, 15, 20])[0]
            recommend = rng.random() < 0.85
            truth[("survey_ratings", rating, None, m)] += 1
            truth[("survey_recommend", recommend, None, m)] += 1
            answers.append(SurveyResponse(rating=rating, would_recommend=recommend, month=month))
        for name, mean in COURSES.items():
            course = courses[name]
            for _ in range(gauss(rng, mean)):
                day = datetime.datetime(
                    month.year, month.month, rng.randint(1, 28), 10, tzinfo=zone
                )
                session = TrainingSessionFactory(course=course, starts_at=day)
                truth[("trainings_held", course.pk, None, m)] += 1
                present = rng.sample(everyone, rng.randint(0, 7))
                for user, unit in present:
                    truth[("training_attendance", course.pk, unit, m)] += 1
                    enrolments.append(
                        Enrolment(
                            session=session,
                            user=user,
                            status=EnrolmentStatus.ENROLLED,
                            attended=True,
                        )
                    )
                answered = rng.randint(0, len(present))
                truth[("training_feedback", course.pk, None, m)] += answered
                feedback += [
                    FeedbackResponse(
                        session=session,
                        content_rating=rng.randint(1, 5),
                        facilitation_rating=rng.randint(1, 5),
                        usefulness_rating=rng.randint(1, 5),
                    )
                    for _ in range(answered)
                ]
        if month.month % 3 == 1:  # the quarterly community meeting
            day = month.replace(day=rng.randint(1, 28))
            meeting = MeetingFactory(
                kind=MeetingKind.COMMUNITY,
                committee=None,
                quarter_start=month,
                starts_at=datetime.datetime(day.year, day.month, day.day, 13, tzinfo=zone),
            )
            for name, mean in COMMUNITY_MEANS.items():
                for user in rng.sample(
                    supporters[name], min(gauss(rng, mean), SUPPORTERS_PER_UNIT)
                ):
                    truth[("community_meeting_attendance", "attended", units[name].pk, m)] += 1
                    attendance.append(Attendance(meeting=meeting, occurrence_on=day, user=user))
    Redirection.objects.bulk_create(redirections)
    SurveyResponse.objects.bulk_create(answers)
    Enrolment.objects.bulk_create(enrolments)
    FeedbackResponse.objects.bulk_create(feedback)
    Attendance.objects.bulk_create(attendance)
    course_labels = {name: course.pk for name, course in courses.items()}
    labels = {
        "redirections": {label: value for value, label in RedirectReason.choices},
        "survey_ratings": {f"{rating} of 5": rating for rating in range(1, 6)},
        "survey_recommend": {"Yes": True, "No": False},
        "trainings_held": course_labels,
        "training_attendance": course_labels,
        "training_feedback": course_labels,
        "community_meeting_attendance": {"People attending": "attended"},
    }
    sponsor = UserFactory(email="audit-sponsor@hospital.test", roles=[GROUP_FOR_ROLE[Role.SPONSOR]])
    lead = LocalLeadFactory(unit=units["Ward 1"], user__email="audit-lead@hospital.test").user
    return Program(
        lead_units=frozenset({units["Ward 1"].pk}),
        sponsor=sponsor,
        lead=lead,
        labels=labels,
        truth=dict(truth),
    )


@dataclass(frozen=True)
class Figure:
    """One downloaded figure: whose (None: the whole hospital), which measure, row (None: the
    total), months, and the value as written."""

    scope: frozenset[int] | None
    measure: str
    row: object
    months: tuple[int, ...]
    value: str


def download(client, program: Program, user, scope) -> list[Figure]:
    client.force_login(user)
    found = set()
    # These measures do not depend on the level places are counted at: one level is enough.
    for query in [q for q in requests_for_every_view() if q["level"] == "department"]:
        response = client.get(EXPORT, query)
        assert response.status_code == 200
        for row in csv.DictReader(io.StringIO(response.content.decode())):
            labels = program.labels.get(row["measure"])
            if labels is None:
                continue
            if row["dimension"] == "Total":
                key = None
            elif row["dimension"] in labels:
                key = labels[row["dimension"]]
            else:
                continue  # a statistic (mean, share): not a sum of cells
            months = tuple(months_of(row["period"]))
            found.add(Figure(scope, row["measure"], key, months, row["value"]))
    return sorted(found, key=lambda f: (str(f.scope), f.measure, str(f.row), f.months, f.value))


class Audit(LinearSystem):
    """Unknowns: each measure's count per row, part of the hospital and month, and the group's
    total per part and month (every measure of the group adds up to it). A part is a set of
    units the downloads never tell apart: the whole hospital, or the lead's units and the rest."""

    def __init__(self, program: Program, measures: list[str], parts: list[frozenset[int] | None]):
        super().__init__()
        self.program, self.measures, self.parts = program, measures, parts
        for p in range(len(parts)):
            for month in range(len(MONTHS)):
                total = self.unknown(("total", p, month))
                for measure in measures:
                    row = {total: -1.0}
                    for key in program.labels[measure].values():
                        row[self.unknown((measure, key, p, month))] = 1.0
                    self.eq_rows.append(row)
                    self.eq_values.append(0.0)

    def part_of(self, unit: int | None) -> int:
        if unit is None or len(self.parts) == 1:
            return 0
        return 0 if unit in self.program.lead_units else 1

    def cells(self, figure: Figure) -> dict[int, float]:
        parts = range(len(self.parts)) if figure.scope is None else [0]
        name = "total" if figure.row is None else figure.measure
        return {
            self.index[(name, *(() if figure.row is None else (figure.row,)), p, month)]: 1.0
            for p in parts
            for month in figure.months
        }

    def true_values(self) -> dict[int, int]:
        found: dict[int, int] = defaultdict(int)
        for (measure, key, unit, month), count in self.program.truth.items():
            if measure in self.measures:
                p = self.part_of(unit)
                found[self.index[(measure, key, p, month)]] += count
                if measure == self.measures[0]:
                    found[self.index[("total", p, month)]] += count
        return found


def marked_small_years(name: str, figures: list[Figure]) -> int:
    """How many calendar years of a hidden figure over several years are themselves shown as
    small ("<11") in the downloads (the same scope, measure and row): the sum is at least that
    many, which those markers say on their own. 0 for a finest cell or a figure of one year."""
    wanted = [f for f in figures if repr(f) == name]
    if not wanted or len(wanted[0].months) <= 12:
        return 0
    figure = wanted[0]
    years = {month // 12 for month in figure.months}
    return sum(
        any(
            f.scope == figure.scope
            and f.measure == figure.measure
            and f.row == figure.row
            and f.months == tuple(range(12 * year, 12 * year + 12))
            and f.value == suppression.marker()
            for f in figures
        )
        for year in years
    )


_DOWNLOADED: list = []


@pytest.fixture
def downloaded(db, client):
    """The seeded program and every figure the sponsor and the lead download (seeded once for
    the module, in the first test's transaction; the figures are plain data the others reuse)."""
    if not _DOWNLOADED:
        with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
            program = seed(random.Random(2027))
            sponsor = download(client, program, program.sponsor, None)
            lead = download(client, program, program.lead, program.lead_units)
        _DOWNLOADED.append((program, sponsor, lead))
    return _DOWNLOADED[0]


def test_the_seed_has_many_small_cells_in_every_family(downloaded):
    program, sponsor, lead = downloaded
    limit = suppression.threshold()
    for group, measures in GROUPS.items():
        small = [v for key, v in program.truth.items() if key[0] in measures and 1 <= v <= limit]
        assert len(small) >= 30, group
        assert any(f.measure in measures and not f.value.isdigit() for f in sponsor), group
    assert {figure.measure for figure in lead} == set(LEAD_SEES)
    assert any(not figure.value.isdigit() for figure in lead)


AUDITS = [(group, "sponsor") for group in GROUPS] + [(group, "lead") for group in LEAD_SEES]


@pytest.mark.parametrize(("group", "insider"), AUDITS)
def test_no_small_count_is_pinned_from_everything_an_insider_downloads(downloaded, group, insider):
    """The sponsor's downloads; for a lead, theirs together with the hospital-wide ones."""
    program, sponsor, lead = downloaded
    measures = GROUPS[group]
    if insider == "sponsor":
        parts: list = [None]
        figures = [f for f in sponsor if f.measure in measures]
    else:
        parts = [program.lead_units, None]
        figures = [f for f in [*sponsor, *lead] if f.measure in measures]
    audit = Audit(program, measures, parts)
    for figure in figures:
        audit.add_sum(audit.cells(figure), figure.value)
    truth = audit.true_values()
    limit = suppression.threshold()
    hidden = [(repr(f), audit.cells(f)) for f in figures if not f.value.isdigit()]
    # Also every row's (and total's) quarters and years in each part, published or not: the
    # rest of the hospital's, for one, is never published but must not be pinned either.
    hidden += quarters_and_years(audit)
    small = small_candidates(
        audit, hidden, lambda cells: int(sum(truth.get(i, 0) for i in cells)), limit
    )
    assert small, "the seed must have small cells"
    found = pinned(audit, small, limit, [marked_small_years(name, figures) for name, _, _ in small])
    assert not found, f"{len(small)} small cells: " + report(found)
