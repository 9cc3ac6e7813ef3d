"""The three queues (triage, unit, My assignments) cost the same statements for a page of 3
requests and for a full page of 25, whatever each row shows: a routed unit, a supporter, a
handed-back request, an overdue or at-risk target. Nothing is read row by row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from support_requests.models import HandBackReason, State, Urgency
from support_requests.views import PAGE_SIZE
from tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

# Session, user, roles, the queue's count, its page, the session's renewal: no request-wide
# transaction (the pages only read). The triage queue adds its filter's list of units, the unit
# queue the units the lead leads; My assignments adds whether the supporter is on call now (to
# claim urgent requests) and their team outreaches.
STATEMENTS = {"triage": 7, "unit_queue": 7, "assigned": 8}
VIEWER = {"triage": "central", "unit_queue": "icu_lead", "assigned": "supporter"}


def add_requests(people, count: int) -> None:
    """`count` open requests that every one of the three queues shows, in every kind of row."""
    now = timezone.now()
    unit = people.ed
    for n in range(count):
        assigned = n % 3 != 0
        request = SupportRequestFactory(
            unit=unit,
            routed_unit=people.icu,
            state=State.ACCEPTED if assigned else State.ROUTED,
            assigned_to=people.supporter if assigned else None,
            urgency=Urgency.TODAY if n % 2 else Urgency.THIS_WEEK,
            submitted_at=now - datetime.timedelta(minutes=20 + 400 * n),
            handed_back_reason=HandBackReason.CONFLICT if n % 5 == 4 else "",
        )
        if assigned:
            assign_perm("view_request_details", people.supporter, request)


def rows_and_statements(client, address, django_assert_num_queries, expected) -> int:
    client.get(address)  # the first view of a session may set its sign-in time
    with django_assert_num_queries(expected):
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode().count('<th scope="row">')


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_full_page_of_a_queue_costs_the_same_statements_as_a_short_one(
    client, people, django_assert_num_queries, name
):
    client.force_login(getattr(people, VIEWER[name]))
    address = reverse(f"support_requests:{name}")
    add_requests(people, 5)  # two of them (n = 0, 3) wait for a supporter
    short = rows_and_statements(client, address, django_assert_num_queries, STATEMENTS[name])
    add_requests(people, 40)
    full = rows_and_statements(client, address, django_assert_num_queries, STATEMENTS[name])
    assert short == (3 if name == "assigned" else 5)  # the supporter holds three of the five
    assert full == PAGE_SIZE
