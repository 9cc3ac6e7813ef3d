"""Coverage: units without an active, trained, available supporter, and the role-type mix."""

import datetime

from django.urls import reverse
from django.utils import timezone

from roster import selectors
from roster.models import SupporterStatus
from tests.factories import SupporterProfileFactory, UnitFactory


def ready_by_unit(user) -> dict[str, int]:
    return {unit.name: unit.ready for unit in selectors.coverage(user)}


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
    assert [unit.name for unit in response.context["uncovered"]] == ["Oncology Ward"]
    assert dict(response.context["mix"]) == {"Nurse": 2, "Pharmacist": 1}


def test_the_coverage_page_runs_a_fixed_number_of_queries(
    client, people, django_assert_max_num_queries
):
    for _ in range(30):
        SupporterProfileFactory(home_unit=UnitFactory())
    client.force_login(people.manager)
    # 12, and the units without a lead (their first page and their count).
    with django_assert_max_num_queries(14):
        assert client.get(reverse("roster:coverage")).status_code == 200
