"""Nothing in the roster is undone by a slip of the finger: each final or destructive action first
answers a page that says what will happen, and acts only when that page's button is pressed."""

import pytest
from django.urls import reverse

from roster import grants, services
from roster.forms import GrantRequestForm, StatusForm
from roster.models import GrantState, SupporterStatus, VolunteerState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def confirm_then_act(client, url, data, *, says):
    """The first POST shows the confirmation page; the second, with its button, acts."""
    page = client.post(url, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "This is what will happen" in body and says in body
    assert 'name="confirmed" value="yes"' in body
    return body, lambda: client.post(url, {**data, "confirmed": "yes"})


def test_declining_a_volunteers_offer_is_confirmed_first(client, people):
    offer = services.volunteer(volunteer=people.staff, unit=people.icu, role_type="nurse")
    client.force_login(people.icu_lead)
    _, act = confirm_then_act(
        client, reverse("roster:refuse_volunteer", args=[offer.pk]), {}, says="told, kindly"
    )
    offer.refresh_from_db()
    assert offer.state == VolunteerState.PENDING
    assert act().status_code == 302
    offer.refresh_from_db()
    assert offer.state == VolunteerState.REFUSED


def test_approving_a_volunteer_needs_no_confirmation(client, people):
    offer = services.volunteer(volunteer=people.staff, unit=people.icu, role_type="nurse")
    client.force_login(people.icu_lead)
    assert client.post(reverse("roster:approve_volunteer", args=[offer.pk])).status_code == 302


def test_recording_that_a_supporter_left_is_confirmed_and_pausing_is_not(client, people):
    profile = people.icu_supporter_profile
    client.force_login(people.icu_lead)
    url = reverse("roster:change_status", args=[profile.pk])
    body, act = confirm_then_act(client, url, {"status": "retired"}, says="Only a new nomination")
    assert 'name="status" value="retired"' in body  # the choice travels with the confirmation
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.ACTIVE
    act()
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.RETIRED

    other = people.by_role()["ed_lead"]
    client.force_login(other)
    ed_profile = people.ed_supporter.supporter_profile
    url = reverse("roster:change_status", args=[ed_profile.pk])
    assert client.post(url, {"status": "paused"}).status_code == 302  # reversible: at once
    ed_profile.refresh_from_db()
    assert ed_profile.status == SupporterStatus.PAUSED


def test_refusing_a_proposed_grant_is_confirmed_first(client, people):
    friend = UserFactory(email="friend@hospital.test")
    grant = grants.request_role_grant(user=friend, role="central_lead", requested_by=people.chair)
    client.force_login(people.central)
    _, act = confirm_then_act(
        client, reverse("roster:refuse_grant", args=[grant.pk]), {}, says="proposes it again"
    )
    grant.refresh_from_db()
    assert grant.state == GrantState.PENDING
    act()
    grant.refresh_from_db()
    assert grant.state == GrantState.REFUSED


def test_no_choice_is_made_for_the_person():
    """The status and role lists start on "Choose ...", never on leaving or on a role."""
    assert StatusForm()["status"].value() in (None, "")
    assert list(StatusForm().fields["status"].choices)[0][0] == ""
    assert list(GrantRequestForm().fields["role"].choices)[0][0] == ""
