"""The directory at /roster/: filters, pagination, and a query count that does not grow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roster.models import SupporterStatus
from tests.factories import SupporterProfileFactory, UnitFactory


def names_on(client, **params) -> str:
    return client.get(reverse("roster:directory"), params).content.decode()


@pytest.fixture
def pool(people):
    today = timezone.localdate()
    return {
        "pharmacist": SupporterProfileFactory(
            home_unit=people.icu, role_type="pharmacist", user__last_name="Pharmaman"
        ),
        "spanish": SupporterProfileFactory(
            home_unit=people.icu, languages="en,es", user__last_name="Hablador"
        ),
        "paused": SupporterProfileFactory(
            home_unit=people.icu, status=SupporterStatus.PAUSED, user__last_name="Pausewell"
        ),
        "away": SupporterProfileFactory(
            home_unit=people.icu, is_available=False, user__last_name="Awayford"
        ),
        "overdue": SupporterProfileFactory(
            home_unit=people.icu,
            refresher_due_on=today - datetime.timedelta(days=1),
            user__last_name="Latecomer",
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role_type": "pharmacist"}, {"pharmacist"}),
        ({"language": "es"}, {"spanish"}),
        ({"status": "paused"}, {"paused"}),
        ({"available": "no"}, {"away"}),
        ({"refresher_overdue": "on"}, {"overdue"}),
        ({"search": "pausew"}, {"paused"}),
    ],
)
def test_each_filter_narrows_the_directory(client, people, pool, params, expected):
    client.force_login(people.icu_lead)
    page = names_on(client, **params)
    for key, profile in pool.items():
        assert (profile.user.last_name in page) == (key in expected), (params, key)


def test_the_unit_filter_offers_only_the_leads_units(client, people):
    client.force_login(people.icu_lead)
    response = client.get(reverse("roster:directory"), {"unit": people.ed.pk})
    assert people.ed_supporter.display_name not in response.content.decode()
    assert list(response.context["form"].fields["unit"].queryset) == [people.icu]


def test_the_unit_filter_shows_one_unit_for_the_central_lead(client, people):
    client.force_login(people.central)
    page = names_on(client, unit=people.ed.pk)
    assert people.ed_supporter.display_name in page
    assert people.supporter.display_name not in page


def test_the_directory_is_paginated(client, people):
    SupporterProfileFactory.create_batch(60, home_unit=people.icu)
    client.force_login(people.icu_lead)
    response = client.get(reverse("roster:directory"))
    assert len(response.context["page"]) == 50
    assert "Page 1 of 2" in response.content.decode()
    assert len(client.get(reverse("roster:directory"), {"page": 2}).context["page"]) == 11


def count_directory_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("roster:directory"), {"status": "active"})
    assert response.status_code == 200
    return len(queries)


def test_the_directory_query_count_is_the_same_for_a_small_and_a_large_roster(
    client, people, django_assert_max_num_queries
):
    units = UnitFactory.create_batch(3)
    for index in range(12):
        SupporterProfileFactory(home_unit=units[index % 3])
    client.force_login(people.manager)
    small = count_directory_queries(client)
    for index in range(60):
        SupporterProfileFactory(home_unit=units[index % 3])
    large = count_directory_queries(client)
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(reverse("roster:directory"), {"status": "active"})
