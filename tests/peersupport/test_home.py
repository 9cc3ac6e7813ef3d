import pytest
from django.urls import reverse

ROLE_HOME_HEADINGS = {
    "staff": ["As Staff"],
    "supporter": ["As Staff", "As Peer Supporter"],
    "icu_lead": ["As Local Peer Support Lead"],
    "ed_lead": ["As Local Peer Support Lead"],
    "central": ["As Central Peer Support Lead"],
    "manager": ["As Program Manager"],
    "chair": ["As Chair / Co-Chair"],
    "sponsor": ["As Executive Sponsor"],
    "education": ["As Committee member"],
}


@pytest.mark.parametrize("role", sorted(ROLE_HOME_HEADINGS))
def test_home_names_each_role_and_what_it_can_do(
    client, people, role, django_assert_max_num_queries
):
    client.force_login(people.by_role()[role])
    with django_assert_max_num_queries(14):  # the work panel: requests, queue, sessions, meetings
        response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ROLE_HOME_HEADINGS[role]:
        assert heading in body


def test_sponsor_home_offers_only_the_dashboard_beyond_staff_actions(client, people):
    client.force_login(people.sponsor)
    body = client.get(reverse("home")).content.decode()
    assert reverse("reports:dashboard") in body
    assert f'href="{reverse("support_requests:triage")}"' not in body
    # Staff may volunteer (/roster/volunteer/), but the directory itself is not offered.
    assert f'href="{reverse("roster:directory")}"' not in body


def test_every_page_says_it_is_not_an_emergency_service(client, people):
    client.force_login(people.staff)
    body = client.get(reverse("home")).content.decode()
    assert "not an emergency service" in body
    assert "988" in body


def test_each_home_starts_with_the_persons_work(client, people):
    from tests.factories import SupportRequestFactory

    mine = SupportRequestFactory(requester=people.staff, unit=people.icu, for_colleague=True)
    client.force_login(people.staff)
    body = client.get(reverse("home")).content.decode().split('id="main"')[1]
    assert body.index("Ask for support") < body.index("As Staff")
    assert reverse("support_requests:detail", args=[mine.pk]) in body
    assert "A peer support lead will look at it soon" in body

    client.force_login(people.central)
    body = client.get(reverse("home")).content.decode().split('id="main"')[1]
    assert "Your queue" in body and "Overdue" in body and "Open the next request" in body
    assert body.index("Your queue") < body.index("Ask for support")

    client.force_login(people.manager)
    body = client.get(reverse("home")).content.decode()
    assert "Upcoming training sessions" in body and "Upcoming meetings" in body

    client.force_login(people.sponsor)
    body = client.get(reverse("home")).content.decode()
    assert "Open the program dashboard" in body


def test_a_supporter_home_leads_to_the_assignment_that_needs_them(client, people):
    from guardian.shortcuts import assign_perm

    from tests.factories import SupportRequestFactory

    request = SupportRequestFactory(
        requester=people.staff, unit=people.icu, routed_unit=people.icu,
        assigned_to=people.supporter, state="assigned",
    )  # fmt: skip
    assign_perm("view_request_details", people.supporter, request)
    client.force_login(people.supporter)
    body = client.get(reverse("home")).content.decode().split('id="main"')[1]
    assert "A request is waiting for your answer" in body
    assert body.index(reverse("support_requests:detail", args=[request.pk])) < body.index(
        "Ask for support"
    )
