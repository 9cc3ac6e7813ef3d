"""Who may read a request, on every request page: who may see a request's details, in every state.

The policy as data: for a request by staff@ from the ICU, routed to the ICU and assigned to the ICU
supporter, these roles see it in each state. Everyone else (sponsor, chair, program manager,
committee member, other supporters, the ED lead, the superuser) gets 404 on every request URL.
"""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from support_requests import services
from tests.factories import SupporterProfileFactory
from tests.support_requests.conftest import SECRET_TEXT, walk

pytestmark = pytest.mark.django_db

REQUESTER_AND_CENTRAL = {"staff", "central"}
WITH_UNIT_LEAD = REQUESTER_AND_CENTRAL | {"icu_lead"}
WITH_SUPPORTER = WITH_UNIT_LEAD | {"supporter"}
SEES = {
    "submitted": REQUESTER_AND_CENTRAL,
    "triaged": REQUESTER_AND_CENTRAL,
    "routed": WITH_UNIT_LEAD,
    "assigned": WITH_SUPPORTER,
    "accepted": WITH_SUPPORTER,
    "contacted": WITH_SUPPORTER,
    "closed": WITH_SUPPORTER,
    "declined": WITH_UNIT_LEAD,  # the supporter who declined lost access
    "withdrawn": REQUESTER_AND_CENTRAL,
    "redirected": REQUESTER_AND_CENTRAL,
}
NEVER = {"ed_lead", "manager", "chair", "sponsor", "education", "superuser"}
ACTIONS = [
    "triage_request",
    "route",
    "assign",
    "redirect",
    "accept",
    "decline",
    "log_contact",
    "close",
    "withdraw",
]


def test_the_policy_table_never_lets_in_the_roles_spec_2_1_names():
    assert all(not (seen & NEVER) for seen in SEES.values())


@pytest.mark.parametrize("state", list(SEES))
def test_every_role_against_every_request_page_in_every_state(client, people, state):
    request = walk(people, state)
    others = {**people.by_role(), "ed_supporter": people.ed_supporter}
    for role, user in others.items():
        client.force_login(user)
        allowed = role in SEES[state]
        detail = client.get(reverse("support_requests:detail", args=[request.pk]))
        assert detail.status_code == (200 if allowed else 404), (role, state)
        if not allowed:
            assert SECRET_TEXT not in detail.content.decode()
        for action in ACTIONS:
            response = client.get(reverse(f"support_requests:{action}", args=[request.pk]))
            assert response.status_code == (405 if allowed else 404), (role, state, action)
            if not allowed:
                post = client.post(reverse(f"support_requests:{action}", args=[request.pk]), {})
                assert post.status_code == 404, (role, state, action)
        survey = client.get(reverse("support_requests:survey", args=[request.pk]))
        assert survey.status_code == (200 if role == "staff" else 404), (role, state)


def test_the_assigned_supporter_reads_the_details_and_the_read_is_logged(client, people):
    request = walk(people, "accepted")
    client.force_login(people.supporter)
    page = client.get(reverse("support_requests:detail", args=[request.pk])).content.decode()
    assert SECRET_TEXT in page and people.staff.email in page
    assert AuditEvent.objects.filter(
        action="read_details", object_id=str(request.pk), actor_id=people.supporter.pk
    ).exists()


def test_a_reassigned_supporter_loses_access_to_the_page_at_once(client, people):
    request = walk(people, "accepted", routed=False)
    client.force_login(people.supporter)
    url = reverse("support_requests:detail", args=[request.pk])
    assert client.get(url).status_code == 200
    other = SupporterProfileFactory(home_unit=people.ed).user
    services.reassign(actor=people.central, support_request=request, supporter=other)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("support_requests:assigned")).content.decode().count(str(request.pk))
        == 0
    )


def test_a_request_nobody_may_see_answers_like_one_that_does_not_exist(client, people):
    request = walk(people, "submitted")
    client.force_login(people.superuser)
    hidden = client.get(reverse("support_requests:detail", args=[request.pk]))
    missing = client.get(
        reverse("support_requests:detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert hidden.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", hidden.content) == token.sub(b"", missing.content)


def test_the_admin_lists_requests_without_details(client, people):
    walk(people, "submitted")
    client.force_login(people.superuser)
    page = client.get(reverse("admin:support_requests_supportrequest_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert SECRET_TEXT not in text and people.staff.email not in text


def test_every_refused_look_at_a_request_is_kept_in_the_access_log(client, people):
    request = walk(people, "submitted")
    client.force_login(people.sponsor)
    assert client.get(reverse("support_requests:detail", args=[request.pk])).status_code == 404
    assert client.post(reverse("support_requests:accept", args=[request.pk])).status_code == 404
    assert client.get(reverse("support_requests:triage")).status_code == 403
    denied = AuditEvent.objects.filter(action="denied", actor_id=people.sponsor.pk)
    assert sorted(denied.values_list("object_id", flat=True)) == sorted(
        [str(request.pk), str(request.pk), "requests.triage"]
    )


LIST_PAGES = ["mine", "triage", "unit_queue", "assigned", "outreach", "access_log"]


@pytest.mark.parametrize("state", list(SEES))
def test_no_list_page_shows_a_request_to_anyone_spec_2_1_leaves_out(client, people, state):
    request = walk(people, state)
    outsiders = {role: user for role, user in people.by_role().items() if role in NEVER}
    outsiders["ed_supporter"] = people.ed_supporter
    for role, user in outsiders.items():
        client.force_login(user)
        for name in LIST_PAGES:
            response = client.get(reverse(f"support_requests:{name}"))
            text = response.content.decode()
            if role == "chair" and name == "access_log":
                continue  # the chair reads who read what: ids only, never details
            assert str(request.pk) not in text, (role, state, name)
            assert SECRET_TEXT not in text


def test_the_access_log_shows_ids_and_never_details(client, people):
    request = walk(people, "routed")
    client.force_login(people.chair)
    text = client.get(reverse("support_requests:access_log")).content.decode()
    assert str(request.pk) in text
    assert SECRET_TEXT not in text and people.staff.email not in text
