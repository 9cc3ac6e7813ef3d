"""A supporter removed from a request (declined, or reassigned to someone else)."""

from support_requests import services
from support_requests.models import State
from tests.adversary.conftest import probe_every_request_url
from tests.support_requests.conftest import walk


def test_a_supporter_who_declined_learns_nothing_more(client, people):
    """Attack: after declining, reopen the request, its fragments and its actions."""
    request = walk(people, State.ACCEPTED)
    services.decline(actor=people.supporter, support_request=request, reason="unavailable")
    client.force_login(people.supporter)
    assert probe_every_request_url(client, request.pk) == []
