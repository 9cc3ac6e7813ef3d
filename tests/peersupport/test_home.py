import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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
    # The work panel: requests, queue, sessions, meetings; the program manager's and the chair's
    # also plan items due and the setup checklist (five queries).
    budget = 20 if role in ("manager", "chair") else 14
    with django_assert_max_num_queries(budget):
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


def _steps(user):
    from peersupport.home import setup_checklist

    return {step.label: step for step in setup_checklist(user)}


def test_the_setup_checklist_follows_the_data_in_five_queries(
    people, django_assert_max_num_queries
):
    from committees.models import Policy, PolicyAcknowledgement, PolicyVersion
    from tests.committees.factories import MeetingFactory
    from tests.factories import SupporterProfileFactory, UnitFactory

    steps = _steps(people.manager)
    assert steps["Local leads"].done  # both units have a local lead
    assert steps["Local leads"].status == "2 of 2 units have a local lead."
    assert steps["Trained supporters"].done
    assert not steps["Next training session"].done
    assert steps["Next training session"].href == reverse("training:session_new")
    assert not steps["Committees and meetings"].done  # a committee, but no meeting ahead
    assert "0 with a meeting scheduled" in steps["Committees and meetings"].status
    assert not steps["Policies"].done  # nothing published

    # A unit without a lead, an untrained supporter, a policy two supporters must acknowledge.
    new_unit = UnitFactory(name="Maternity")
    SupporterProfileFactory(home_unit=new_unit, trained_on=None)
    policy = Policy.objects.create(slug="role", title="Role description")
    version = PolicyVersion.objects.create(policy=policy, number=1, body="...")
    PolicyAcknowledgement.objects.create(version=version, user=people.supporter)
    # A monthly meeting whose first occurrence has passed is still scheduled.
    education = people.education.committee_memberships.get().committee
    MeetingFactory(committee=education, starts_at=timezone.now() - datetime.timedelta(days=40),
                   recurrence="FREQ=MONTHLY")  # fmt: skip
    MeetingFactory(committee=education, starts_at=timezone.now() - datetime.timedelta(days=1))
    for _ in range(3):  # the cost does not grow with the data
        UnitFactory()
    with django_assert_max_num_queries(5):
        steps = _steps(people.manager)
    assert not steps["Local leads"].done
    assert steps["Local leads"].status == "2 of 6 units have a local lead."
    assert steps["Local leads"].href == reverse("roster:grants")
    assert not steps["Trained supporters"].done
    assert "1 with a meeting scheduled" in steps["Committees and meetings"].status
    assert "2 of 3 active supporters are trained" in steps["Trained supporters"].status
    total = Policy.objects.count()  # the program's policies exist from the start, unpublished
    # three active supporters, one of whom acknowledged the one published version
    assert f"1 of {total} policies published; 2 acknowledgements" in steps["Policies"].status

    # The chair cannot schedule training: the step links where the chair can look.
    chair_steps = _steps(people.chair)
    assert chair_steps["Next training session"].href == reverse("training:index")


def test_the_program_manager_home_shows_the_checklist_with_links(client, people):
    client.force_login(people.manager)
    body = client.get(reverse("home")).content.decode()
    assert "Setting up the program" in body and "Plan items due" in body
    assert f'href="{reverse("training:session_new")}"' in body
    client.force_login(people.central)
    assert "Setting up the program" not in client.get(reverse("home")).content.decode()
