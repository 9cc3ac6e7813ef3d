"""Coverage: units without an active, trained, available supporter, and the role-type mix."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roster import selectors
from roster.models import SupporterStatus
from roster.views import PAGE_SIZE
from tests.factories import SupporterProfileFactory, UnitFactory


def ready_by_unit(user) -> dict[str, int]:
    return {unit["name"]: unit["ready"] for unit in selectors.coverage(user)}


def test_a_unit_counts_as_covered_only_with_an_active_trained_available_supporter(people):
    today = timezone.localdate()
    names = {}
    for label, overrides in {
        "paused": {"status": SupporterStatus.PAUSED},
        "away": {"is_available": False},
        "untrained": {"trained_on": None, "refresher_due_on": None},
        "overdue": {"refresher_due_on": today - datetime.timedelta(days=1)},
        "ready": {},
    }.items():
        unit = UnitFactory(name=f"Unit with a {label} supporter")
        SupporterProfileFactory(home_unit=unit, **overrides)
        names[label] = unit.name
    ready = ready_by_unit(people.manager)
    assert {label: ready[name] for label, name in names.items()} == {
        "paused": 0,
        "away": 0,
        "untrained": 0,
        "overdue": 0,
        "ready": 1,
    }


def test_leads_see_the_coverage_of_their_own_units_only(people):
    assert set(ready_by_unit(people.icu_lead)) == {people.icu.name}
    assert set(ready_by_unit(people.ed_lead)) == {people.ed.name}
    assert {people.icu.name, people.ed.name} <= set(ready_by_unit(people.central))


def test_the_coverage_page_names_the_uncovered_unit_and_the_role_mix(client, people):
    UnitFactory(name="Oncology Ward")
    SupporterProfileFactory(home_unit=people.ed, role_type="pharmacist")
    client.force_login(people.manager)
    response = client.get(reverse("roster:coverage"))
    assert [unit["name"] for unit in response.context["uncovered"]] == ["Oncology Ward"]
    assert dict(response.context["mix"]) == {"Nurse": 2, "Pharmacist": 1}


def test_the_coverage_page_runs_a_fixed_number_of_queries(
    client, people, django_assert_max_num_queries
):
    for _ in range(30):
        SupporterProfileFactory(home_unit=UnitFactory())
    client.force_login(people.manager)
    # 11, and the units without a lead (their first page and their count).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("roster:coverage")).status_code == 200


@pytest.mark.parametrize("viewer", ["manager", "central", "icu_lead", "ed_lead"])
def test_the_coverage_counts_agree_with_the_whole_table_beyond_its_first_page(
    client, people, viewer
):
    today = timezone.localdate()
    for _ in range(PAGE_SIZE + 3):
        UnitFactory()
    for _ in range(6):
        SupporterProfileFactory(home_unit=UnitFactory())  # ready
        SupporterProfileFactory(home_unit=UnitFactory(), status=SupporterStatus.PAUSED)
    SupporterProfileFactory(home_unit=people.icu, refresher_due_on=today - datetime.timedelta(1))
    SupporterProfileFactory(home_unit=people.ed, is_available=False)
    user = getattr(people, viewer)
    table = list(selectors.coverage(user))
    uncovered = sum(1 for unit in table if unit["ready"] == 0)
    assert selectors.coverage_counts(user) == {"units": len(table), "uncovered": uncovered}
    client.force_login(user)
    response = client.get(reverse("roster:coverage"))
    assert response.context["page"].paginator.count == len(table)
    assert response.context["uncovered_count"] == uncovered
