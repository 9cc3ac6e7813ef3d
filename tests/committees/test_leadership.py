"""The leadership page: who holds each role; the chair assigns and removes the group roles."""

from django.urls import reverse

from committees.models import RoleAssignment
from core.models import AuditEvent
from core.roles import Role
from tests.factories import CommitteeMembershipFactory, LocalLeadFactory, UserFactory


def assign(client, person, role="program_manager"):
    return client.post(
        reverse("committees:assign_role"), {"role": role, "person": person.email}, follow=True
    )


def remove(client, person, role="program_manager"):
    return client.post(
        reverse("committees:remove_role"),
        {"person": person.email, "role": role, "confirmed": "yes"},
        follow=True,
    )


def test_the_page_lists_every_role_of_spec_1_with_its_holders(client, people):
    LocalLeadFactory(unit=people.icu)
    CommitteeMembershipFactory(role="chair", committee__name="IT Committee", committee__slug="it")
    client.force_login(people.chair)
    page = client.get(reverse("committees:leadership")).content.decode()
    for label in (
        "Central Peer Support Lead",
        "Program Manager",
        "Chair / Co-Chair",
        "Executive Sponsor",
        "Local Peer Support Leads",
        "Committee chairs and co-chairs",
    ):
        assert label in page
    assert people.manager.display_name in page
    assert "Intensive Care Unit" in page
    assert "Chair of the IT Committee" in page


def test_chair_assigns_the_program_manager_role_which_opens_its_pages_and_removal_closes_them(
    client, people
):
    newcomer = UserFactory(email="new-manager@hospital.test")
    roster = reverse("roster:directory")
    client.force_login(newcomer)
    assert client.get(roster).status_code == 403
    assert client.get(reverse("committees:index")).status_code == 403

    client.force_login(people.chair)
    response = assign(client, newcomer)
    assert b"now holds the role Program Manager" in response.content
    assert newcomer.groups.filter(name="Program Manager").exists()
    record = RoleAssignment.objects.get(user=newcomer)
    assert (record.role, record.assigned_by, record.ended_on) == (
        Role.PROGRAM_MANAGER,
        people.chair,
        None,
    )

    client.force_login(newcomer)
    assert client.get(roster).status_code == 200
    assert client.get(reverse("committees:index")).status_code == 200
    assert client.get(reverse("committees:add_committee")).status_code == 200

    client.force_login(people.chair)
    remove(client, newcomer)
    record.refresh_from_db()
    assert record.ended_on is not None and record.ended_by == people.chair
    client.force_login(newcomer)
    assert client.get(roster).status_code == 403
    assert client.get(reverse("committees:add_committee")).status_code == 403

    def trail(action):
        rows = AuditEvent.objects.filter(action=action, object_id=str(newcomer.pk))
        return list(rows.order_by("at", "id").values_list("detail", flat=True))

    # Who did it (the service) and, below the ORM, one row per change of the group table.
    assert trail("role_grant") == ["assigned program_manager", "removed program_manager"]
    assert trail("role_change") == ["joined Program Manager", "left Program Manager"]


def test_assigning_a_role_twice_is_refused_with_a_reason(client, people):
    client.force_login(people.chair)
    response = assign(client, people.manager)
    assert b"already holds the role Program Manager" in response.content
    assert not RoleAssignment.objects.exists()


def test_an_unknown_email_is_refused(client, people):
    client.force_login(people.chair)
    response = client.post(
        reverse("committees:assign_role"),
        {"role": "sponsor", "person": "nobody@hospital.test"},
        follow=True,
    )
    assert b"Nobody with this email address" in response.content
    assert not RoleAssignment.objects.exists()


def test_the_last_chair_cannot_be_removed(client, people):
    client.force_login(people.chair)
    response = remove(client, people.chair, role="chair")
    assert b"The program needs a chair" in response.content
    assert people.chair.groups.filter(name="Chair / Co-Chair").exists()


def test_a_chair_who_steps_down_loses_the_page_in_the_same_request(client, people):
    successor = UserFactory()
    client.force_login(people.chair)
    assign(client, successor, role="chair")
    response = client.post(
        reverse("committees:remove_role"),
        {"person": people.chair.email, "role": "chair", "confirmed": "yes"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("committees:leadership")).status_code == 403


def test_the_program_manager_sees_the_page_but_cannot_assign(client, people):
    client.force_login(people.manager)
    page = client.get(reverse("committees:leadership")).content
    assert b"Assign a role" not in page
    assert assign(client, people.staff).status_code == 403
    assert not people.staff.groups.exists()
