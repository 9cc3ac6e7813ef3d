"""Versioned policies: supporters acknowledge the current version; a new version asks again."""

from django.urls import reverse

from committees import selectors, services
from committees.models import Policy, PolicyAcknowledgement
from roster.models import SupporterStatus
from tests.committees.factories import PolicyVersionFactory
from tests.factories import SupporterProfileFactory

CONFIDENTIALITY = "confidentiality-agreement"


def confidentiality() -> Policy:
    return Policy.objects.get(slug=CONFIDENTIALITY)


def acknowledge(client, number: int):
    return client.post(
        reverse("committees:acknowledge", args=[CONFIDENTIALITY]), {"version": number}, follow=True
    )


def test_the_three_program_policies_exist_from_the_start(db):
    assert set(Policy.objects.values_list("slug", flat=True)) >= {
        "confidentiality-agreement",
        "supporter-role-description",
        "scope-of-peer-support",
    }


def test_a_supporter_acknowledges_and_a_new_version_asks_again(client, people):
    first = PolicyVersionFactory(policy=confidentiality(), number=1)
    client.force_login(people.supporter)
    page = client.get(reverse("committees:policies")).content.decode()
    assert "1 policy to acknowledge" in page
    assert "acknowledged Confidentiality agreement" in acknowledge(client, 1).content.decode()
    assert people.supporter not in selectors.supporters_missing_acknowledgement(confidentiality())
    assert "to acknowledge" not in client.get(reverse("committees:policies")).content.decode()

    services.publish_policy_version(
        policy=confidentiality(), body="New text.", actor=people.manager
    )
    assert people.supporter in selectors.supporters_missing_acknowledgement(confidentiality())
    assert "1 policy to acknowledge" in client.get(reverse("committees:policies")).content.decode()
    # The old version can no longer be acknowledged: the person must read the new one.
    assert "A newer version" in acknowledge(client, first.number).content.decode()
    acknowledge(client, 2)
    assert PolicyAcknowledgement.objects.filter(user=people.supporter).count() == 2


def test_missing_acknowledgements_list_active_supporters_only(people):
    PolicyVersionFactory(policy=confidentiality(), number=1)
    SupporterProfileFactory(status=SupporterStatus.RETIRED)
    missing = set(selectors.supporters_missing_acknowledgement(confidentiality()))
    assert missing == {people.supporter, people.ed_supporter}
    assert not selectors.supporters_missing_acknowledgement(
        Policy.objects.get(slug="scope-of-peer-support")
    ).exists()  # nothing published: nothing to acknowledge


def test_a_local_lead_sees_only_their_units_supporters_and_the_manager_sees_all(client, people):
    PolicyVersionFactory(policy=confidentiality(), number=1)
    url = reverse("committees:policy_missing", args=[CONFIDENTIALITY])
    client.force_login(people.icu_lead)
    page = client.get(url).content.decode()
    assert people.supporter.email in page and people.ed_supporter.email not in page
    client.force_login(people.manager)
    page = client.get(url).content.decode()
    assert people.supporter.email in page and people.ed_supporter.email in page
    overview = client.get(reverse("committees:policies")).content.decode()
    assert "1 have not acknowledged it" in overview or "2 have not acknowledged it" in overview
    assert reverse("committees:policy_missing", args=[CONFIDENTIALITY]) in overview


def test_the_manager_publishes_a_new_version_through_the_page(client, people):
    client.force_login(people.manager)
    response = client.post(
        reverse("committees:publish_policy", args=[CONFIDENTIALITY]),
        {"body": "Keep it **confidential**."},
    )
    assert response.status_code == 302
    page = client.get(reverse("committees:policy", args=[CONFIDENTIALITY])).content.decode()
    assert "Version 1" in page and "<strong>confidential</strong>" in page
