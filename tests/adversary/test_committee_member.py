"""A committee member (here the Education Committee): meetings, minutes, training feedback."""

from django.urls import reverse

from tests.adversary.conftest import probe_every_request_url


def test_a_committee_member_learns_nothing_from_any_request_url(client, people, secret_request):
    """Attack: guess request ids on every request page, fragment and action."""
    client.force_login(people.education)
    assert probe_every_request_url(client, secret_request.pk) == []


def test_a_committee_member_cannot_read_the_access_log_or_the_grants(client, people):
    """Attack: open the access log or the list of who can read requests."""
    client.force_login(people.education)
    assert client.get(reverse("support_requests:access_log")).status_code == 403
    assert client.get(reverse("roster:grants")).status_code == 403
