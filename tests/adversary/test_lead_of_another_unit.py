"""The local lead of another unit: requests routed to a unit that is not theirs."""

from tests.adversary.conftest import probe_every_request_url


def test_the_ed_lead_learns_nothing_about_an_icu_request(client, people, secret_request):
    """Attack: open, assign, route, redirect or search supporters for an ICU request."""
    client.force_login(people.ed_lead)
    assert probe_every_request_url(client, secret_request.pk) == []
