"""The request page and the intake POST cost a fixed number of statements, whatever the size of
the roster, the request history or the number of central leads: measured at a small and a larger
size, the counts are the same and within budget (BEGIN/COMMIT, savepoints and the session's
renewal included, as the benchmark counts them)."""

import pytest
from django.db import connection
from django.urls import reverse

from bench import intake_data
from core.roles import GROUP_FOR_ROLE, Role
from support_requests.models import SupportRequest
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UserFactory
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db

# Session, user, roles, the request, the audit row, one ranked pool query, the session's renewal
# (no request-wide transaction: the audit row is the page's only write). A local lead's units are
# one more, and so is the route form's list of units where it is shown (to route a request, or to
# re-route one already routed).
REQUEST_PAGE_BUDGET = 10
# Session, user, roles, the unit, the intake's transaction (begin, the locked history read, the
# request, the audit row, the central leads' notices in one INSERT ... SELECT, commit), the
# session's renewal.
# Where the database has row locks (PostgreSQL) the person's row is locked in a statement of its
# own before the checks; SQLite's transactions begin IMMEDIATE, which already serialises writers.
INTAKE_QUERIES = 11
INTAKE_BUDGET = 12


def grow(people, *, supporters: int, requests: int, central_leads: int) -> None:
    """More of everything a slow page would read row by row."""
    for n in range(supporters):
        SupporterProfileFactory(home_unit=people.ed if n % 2 else people.icu)
    SupportRequestFactory.create_batch(requests, unit=people.icu)
    for _ in range(central_leads):
        UserFactory(roles=[GROUP_FOR_ROLE[Role.CENTRAL_LEAD]])


@pytest.mark.parametrize(
    ("state", "viewer", "expected"),
    [("routed", "central", 8), ("routed", "icu_lead", 8), ("triaged", "central", 8)],
)
def test_the_request_page_costs_the_same_statements_at_two_sizes(
    client, people, django_assert_num_queries, state, viewer, expected
):
    request = walk(people, state)
    client.force_login(getattr(people, viewer))
    address = reverse("support_requests:detail", args=[request.pk])
    client.get(address)  # the first view of a session may set its sign-in time
    with django_assert_num_queries(expected):
        small = client.get(address)
    grow(people, supporters=40, requests=60, central_leads=2)
    with django_assert_num_queries(expected):
        large = client.get(address)
    assert small.status_code == large.status_code == 200
    assert expected <= REQUEST_PAGE_BUDGET
    # The larger roster is really on the page: ten suggestions, where there were fewer.
    assert large.content.decode().count('name="supporter"') > small.content.decode().count(
        'name="supporter"'
    )


@pytest.mark.parametrize("viewer", ["central", "icu_lead"])
def test_the_request_page_costs_the_same_statements_at_5_and_60_supporters(
    client, people, django_assert_num_queries, viewer
):
    """The roster alone grows (same requests, same leads): the ranked suggestions stay one
    statement, whether their SQL was just compiled or kept from an earlier view."""
    request = walk(people, "routed")
    client.force_login(getattr(people, viewer))
    address = reverse("support_requests:detail", args=[request.pk])
    grow(people, supporters=3, requests=0, central_leads=0)  # 5 with the two of `people`
    client.get(address)
    with django_assert_num_queries(8):
        small = client.get(address)
    grow(people, supporters=55, requests=0, central_leads=0)
    with django_assert_num_queries(8):
        large = client.get(address)
    suggested = [page.content.decode().count('name="supporter"') for page in (small, large)]
    assert suggested[0] < suggested[1] == 10


def test_the_supporters_page_stays_within_budget(client, people, django_assert_max_num_queries):
    request = walk(people, "accepted")
    client.force_login(people.supporter)
    address = reverse("support_requests:detail", args=[request.pk])
    client.get(address)
    with django_assert_max_num_queries(REQUEST_PAGE_BUDGET):
        assert client.get(address).status_code == 200


def test_the_intake_post_costs_the_same_statements_at_two_sizes(
    client, people, settings, django_assert_num_queries
):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": 100}
    expected = INTAKE_QUERIES + (1 if connection.features.has_select_for_update else 0)
    client.force_login(people.staff)
    address = reverse("support_requests:new")
    client.get(address)
    before = SupportRequest.objects.count()
    with django_assert_num_queries(expected):
        small = client.post(address, intake_data.intake_form(people.staff, unit_pk=people.icu.pk))
    grow(people, supporters=40, requests=60, central_leads=3)
    with django_assert_num_queries(expected):
        large = client.post(address, intake_data.intake_form(people.staff, unit_pk=people.icu.pk))
    assert small.status_code == large.status_code == 200
    assert SupportRequest.objects.count() == before + 62  # two submissions and the 60 grown
    assert expected <= INTAKE_BUDGET
