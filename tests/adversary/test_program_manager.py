"""The program manager: roster administration, local lead appointments, reports."""

import pytest

from roster import grants
from tests.adversary.conftest import probe_every_request_url
from tests.factories import UserFactory


def test_the_program_manager_learns_nothing_from_any_request_url(client, people, secret_request):
    """Attack: guess request ids on every request page, fragment and action."""
    client.force_login(people.manager)
    assert probe_every_request_url(client, secret_request.pk) == []


def test_the_program_manager_cannot_appoint_herself_or_a_friend_alone(
    client, people, secret_request
):
    """Attack: appoint herself, then a friend, local lead of the request's unit."""
    with pytest.raises(grants.GrantError):
        grants.request_role_grant(
            user=people.manager, role="local_lead", unit=people.icu, requested_by=people.manager
        )
    friend = UserFactory()
    grant = grants.request_role_grant(
        user=friend, role="local_lead", unit=people.icu, requested_by=people.manager
    )
    with pytest.raises(grants.GrantError):
        grants.approve_role_grant(grant=grant, approved_by=people.manager)
    client.force_login(friend)
    assert probe_every_request_url(client, secret_request.pk) == []
