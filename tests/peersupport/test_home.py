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
    with django_assert_max_num_queries(9):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ROLE_HOME_HEADINGS[role]:
        assert heading in body


def test_sponsor_home_offers_only_the_dashboard_beyond_staff_actions(client, people):
    client.force_login(people.sponsor)
    body = client.get(reverse("home")).content.decode()
    assert reverse("reports:dashboard") in body
    assert reverse("support_requests:triage") not in body
    assert reverse("roster:directory") not in body


def test_every_page_says_it_is_not_an_emergency_service(client, people):
    client.force_login(people.staff)
    body = client.get(reverse("home")).content.decode()
    assert "not an emergency service" in body
    assert "988" in body
