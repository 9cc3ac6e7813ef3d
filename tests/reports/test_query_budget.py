"""The dashboard, its CSV and the brief make a fixed number of statements, whatever the data.

Each breakdown is one grouped query over the monthly rollups (all of them in one statement),
the months are counted once for every period size, and the lists of units and courses are
read once per request (reports.measures.one_read). Counted at two sizes of data: the number of
statements must be the same.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roster.models import Unit, UnitKind
from support_requests.models import Redirection, SurveyResponse
from tests.factories import DepartmentFactory, UnitFactory
from tests.reports.factories import InterventionFactory

NOW = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
# The statements of one request, sign-in, session and the rollups' freshness check included. The
# export adds its audit row; the brief reads the previous period's percentiles and shares by
# urgency too (its counts come from the request's statements: every count is read by month over
# whole years holding both periods). A local lead's scope costs three more (their units, and the
# default view's second candidate).
BUDGET = {
    "sponsor": {"reports:dashboard": 11, "reports:export": 12, "reports:brief": 14},
    "icu_lead": {"reports:dashboard": 14, "reports:export": 15, "reports:brief": 18},
}
VIEWS = [
    ("reports:dashboard", {}),
    ("reports:dashboard", {"preset": "last_12_months", "level": "unit"}),
    ("reports:export", {"preset": "custom", "size": "quarter", "first_month": "2023-01"}),
    ("reports:brief", {}),
]


def seed(people, scale: int) -> None:
    """`scale` interventions per month for three years, spread over more units as it grows."""
    units = [people.icu, people.ed]
    units += [UnitFactory(parent=people.icu.parent) for _ in range(scale // 10)]
    for month in range(36):
        day = datetime.datetime(2023 + month // 12, month % 12 + 1, 5, 12, tzinfo=datetime.UTC)
        for index in range(scale):
            InterventionFactory(
                unit=units[index % len(units)],
                requested_at=day,
                minutes_to_first_contact=15 * (index % 200),
            )
        Redirection.objects.create(reason="hr", occurred_on=day.date())
        SurveyResponse.objects.create(
            rating=4, would_recommend=True, month=day.date().replace(day=1)
        )


def statements(client, name: str, query: dict) -> int:
    client.get(reverse(name), query)  # the rollups catch up first; then the steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["sponsor", "icu_lead"])
@time_machine.travel(NOW)
def test_the_number_of_statements_does_not_grow_with_the_data(
    client, people, role, django_assert_max_num_queries
):
    client.force_login(getattr(people, role))
    seed(people, 2)
    small = {(name, str(query)): statements(client, name, query) for name, query in VIEWS}
    seed(people, 30)
    large = {(name, str(query)): statements(client, name, query) for name, query in VIEWS}

    assert small == large
    for name, query in VIEWS:
        with django_assert_max_num_queries(BUDGET[role][name]):
            client.get(reverse(name), query)


@pytest.mark.parametrize("role", ["sponsor", "icu_lead"])
@time_machine.travel(NOW)
def test_the_number_of_statements_is_the_same_with_2_units_and_with_60(client, people, role):
    """The unit tables, their decisions and (past GROUP_UNITS_OVER rows) their folding by
    department read nothing more per unit. (The new units' interventions are in the period
    before the default view's three years: which candidate it opens on, and so whether its
    statistics are read, depends on the figures, as the budget above says.)"""
    client.force_login(getattr(people, role))
    seed(people, 2)  # the ICU and the emergency department's unit
    two = {(name, str(query)): statements(client, name, query) for name, query in VIEWS}
    departments = [DepartmentFactory(parent=people.icu.parent.parent) for _ in range(5)]
    day = datetime.datetime(2022, 3, 5, 12, tzinfo=datetime.UTC)
    for index in range(58):
        unit = UnitFactory(parent=departments[index % 5])
        InterventionFactory(unit=unit, requested_at=day, minutes_to_first_contact=30)
    sixty = {(name, str(query)): statements(client, name, query) for name, query in VIEWS}

    assert sixty == two
    assert Unit.objects.filter(kind=UnitKind.UNIT).count() >= 60
