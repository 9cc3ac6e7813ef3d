"""The lead's supporter picker on a request page: ranked suggestions as radio buttons and a
search for someone else (htmx, or a plain GET without JavaScript), never the whole pool."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from support_requests.models import State, SupportRequest
from support_requests.selectors import SEARCH_LIMIT, SUGGESTIONS_SHOWN
from tests.factories import SupporterProfileFactory
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db


def url(name, request, **query):
    address = reverse(f"support_requests:{name}", args=[request.pk])
    if query:
        address += "?" + urlencode(query)
    return address


def radios(page: str) -> int:
    return page.count('name="supporter"')


def pool(people, size, *, last_name="Pool", unit=None):
    return [
        SupporterProfileFactory(
            home_unit=unit or people.ed,
            user__last_name=last_name,
            user__email=f"{last_name.lower()}{n}@hospital.test",
        )
        for n in range(size)
    ]


def test_the_request_page_offers_ten_suggestions_not_every_eligible_supporter(client, people):
    request = walk(people, "triaged")
    profiles = pool(people, 60)
    client.force_login(people.central)
    page = client.get(url("detail", request)).content.decode()
    assert radios(page) == SUGGESTIONS_SHOWN
    shown = [p for p in profiles if f'value="{p.user_id}"' in page]
    assert len(shown) <= SUGGESTIONS_SHOWN
    assert "Suggested, best match first" in page
    assert 'id="supporter-search"' in page and "hx-get" in page


def test_the_search_finds_supporters_by_name_or_email_as_radio_options(client, people):
    request = walk(people, "triaged")
    pool(people, 3, last_name="Okonkwo")
    client.force_login(people.central)
    by_name = client.get(url("supporter_search", request, q="okonk")).content.decode()
    assert radios(by_name) == 3 and 'form="assign-form"' in by_name
    by_email = client.get(url("supporter_search", request, q="okonkwo1@hosp")).content.decode()
    assert radios(by_email) == 1
    assert radios(client.get(url("supporter_search", request, q="zzzz")).content.decode()) == 0
    assert radios(client.get(url("supporter_search", request, q="")).content.decode()) == 0


def test_the_search_returns_at_most_twenty_matches(client, people):
    request = walk(people, "triaged")
    pool(people, SEARCH_LIMIT + 5, last_name="Many")
    client.force_login(people.central)
    page = client.get(url("supporter_search", request, q="many")).content.decode()
    assert radios(page) == SEARCH_LIMIT
    assert "type more of the name" in page


def test_the_search_finds_only_supporters_the_service_would_accept(client, people):
    request = walk(people, "routed")
    ok = SupporterProfileFactory(home_unit=people.icu, user__last_name="Findable")
    SupporterProfileFactory(home_unit=people.icu, user__last_name="Findable", is_available=False)
    SupporterProfileFactory(home_unit=people.icu, user__last_name="Findable", trained_on=None)
    SupporterProfileFactory(home_unit=people.ed, user__last_name="Findable")  # not the ICU
    client.force_login(people.icu_lead)
    page = client.get(url("supporter_search", request, q="findable")).content.decode()
    assert radios(page) == 1 and f'value="{ok.user_id}"' in page


def test_the_search_works_without_javascript_on_the_request_page(client, people):
    request = walk(people, "triaged")
    pool(people, 30)
    found = SupporterProfileFactory(home_unit=people.ed, user__last_name="Zebedee")
    client.force_login(people.central)
    page = client.get(url("detail", request, q="zebedee")).content.decode()
    assert f'id="assign-match-{found.user_id}"' in page
    assert radios(page) <= SUGGESTIONS_SHOWN + 1
    response = client.post(url("assign", request), {"supporter": found.user_id})
    assert response.status_code == 302
    assert SupportRequest.objects.get(pk=request.pk).assigned_to_id == found.user_id


@pytest.mark.parametrize("who", ["staff", "supporter", "ed_lead", "manager"])
def test_only_those_who_may_assign_can_search(client, people, who):
    request = walk(people, "assigned")
    client.force_login(getattr(people, who))
    assert client.get(url("supporter_search", request, q="sam")).status_code == 404


def test_a_closed_request_has_no_search_even_for_the_central_lead(client, people):
    request = walk(people, "closed")
    client.force_login(people.central)
    assert client.get(url("supporter_search", request, q="sam")).status_code == 404


def test_an_ineligible_pick_is_refused_with_a_message_and_changes_nothing(client, people):
    request = walk(people, "triaged")
    paused = SupporterProfileFactory(home_unit=people.ed, is_available=False)
    client.force_login(people.central)
    response = client.post(url("assign", request), {"supporter": paused.user_id}, follow=True)
    assert "cannot take the request now" in response.content.decode()
    assert SupportRequest.objects.get(pk=request.pk).state == State.TRIAGED
    forged = client.post(url("assign", request), {"supporter": "not-a-number"})
    assert forged.status_code == 400 and 'role="alert"' in forged.content.decode()
    assert SupportRequest.objects.get(pk=request.pk).assigned_to_id is None


def test_the_request_page_with_a_search_costs_the_same_queries_at_any_pool_size(client, people):
    request = walk(people, "triaged")
    client.force_login(people.central)
    counts = []
    for size in (5, 40):
        pool(people, size, last_name=f"Size{size}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("detail", request, q=f"size{size}"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_search_asks_for_at_least_two_letters_and_runs_no_query_for_one(client, people):
    request = walk(people, "triaged")
    pool(people, 3, last_name="Okonkwo")
    client.force_login(people.central)
    with CaptureQueriesContext(connection) as one_letter:
        short = client.get(url("supporter_search", request, q="o")).content.decode()
    assert radios(short) == 0 and "Type at least two letters" in short
    with CaptureQueriesContext(connection) as two_letters:
        found = client.get(url("supporter_search", request, q="ok")).content.decode()
    assert radios(found) == 3 and "Type at least two letters" not in found
    assert len(one_letter) == len(two_letters) - 1  # the pool's query is not made for one letter
    # Without JavaScript the page itself says so, at the field, and still offers suggestions.
    page = client.get(url("detail", request, q="o")).content.decode()
    assert "Type at least two letters" in page and 'aria-invalid="true"' in page
    assert "Suggested, best match first" in page
    # An empty box is no error: it just searches nothing.
    empty = client.get(url("supporter_search", request, q=" ")).content.decode()
    assert "Type at least two letters" not in empty and radios(empty) == 0
