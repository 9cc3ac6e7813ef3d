"""Grants of the roles that open request details: two people, announced, audited by any path."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.models import AuditEvent, Notification
from core.notifications import deliver
from core.roles import GROUP_FOR_ROLE, Role
from roster import grants
from roster.models import GrantState, LocalLead, RoleGrant
from tests.factories import SupportRequestFactory, UnitFactory, UserFactory

CENTRAL = GROUP_FOR_ROLE[Role.CENTRAL_LEAD]


def details_page(client, person, support_request):
    client.force_login(person)
    return client.get(reverse("support_requests:detail", args=[support_request.pk]))


def test_the_chair_assigning_himself_central_lead_gets_no_request_details(client, people):
    secret = SupportRequestFactory(requester=people.staff, unit=people.icu)
    client.force_login(people.chair)
    client.post(
        reverse("committees:assign_role"), {"role": "central_lead", "person": people.chair.email}
    )
    client.post(
        reverse("roster:propose_grant"), {"role": "central_lead", "person": people.chair.email}
    )
    assert not people.chair.groups.filter(name=CENTRAL).exists()
    assert not RoleGrant.objects.exists()
    assert details_page(client, people.chair, secret).status_code == 404


def test_nobody_proposes_themselves_and_is_told_why(people):
    with pytest.raises(grants.GrantError, match="Nobody can grant themselves"):
        grants.request_role_grant(user=people.chair, role="central_lead", requested_by=people.chair)


def test_a_central_lead_needs_the_chair_and_a_second_central_lead(client, people):
    friend = UserFactory(email="friend@hospital.test")
    secret = SupportRequestFactory(requester=people.staff, unit=people.icu)
    grant = grants.request_role_grant(user=friend, role="central_lead", requested_by=people.chair)
    assert details_page(client, friend, secret).status_code == 404
    # Nobody confirms their own proposal, nor their own grant; the program manager cannot.
    for wrong in (people.chair, friend, people.manager, people.icu_lead):
        with pytest.raises(grants.GrantError):
            grants.approve_role_grant(grant=grant, approved_by=wrong)
    assert details_page(client, friend, secret).status_code == 404
    grants.approve_role_grant(grant=grant, approved_by=people.central)
    assert details_page(client, friend, secret).status_code == 200
    grant.refresh_from_db()
    assert (grant.state, grant.requested_by, grant.confirmed_by) == (
        GrantState.ACTIVE,
        people.chair,
        people.central,
    )


def test_a_local_lead_is_confirmed_by_a_central_lead_and_removal_is_immediate(client, people):
    unit = UnitFactory(name="Oncology", code="onc")
    lead = UserFactory(email="onc-lead@hospital.test")
    secret = SupportRequestFactory(requester=people.staff, unit=unit, routed_unit=unit)
    grant = grants.request_role_grant(
        user=lead, role="local_lead", unit=unit, requested_by=people.manager
    )
    with pytest.raises(grants.GrantError):
        grants.approve_role_grant(grant=grant, approved_by=people.chair)
    assert not LocalLead.objects.filter(user=lead).exists()
    grants.approve_role_grant(grant=grant, approved_by=people.central)
    assert details_page(client, lead, secret).status_code == 200
    grants.revoke_role(user=lead, role="local_lead", unit=unit, revoked_by=people.chair)
    assert details_page(client, lead, secret).status_code == 404


def test_every_step_is_mailed_to_every_central_lead_and_the_chair_without_details(
    people, mailoutbox
):
    friend = UserFactory()
    grant = grants.request_role_grant(
        user=friend, role="local_lead", unit=people.icu, requested_by=people.chair
    )
    grants.approve_role_grant(grant=grant, approved_by=people.central)
    grants.revoke_role(user=friend, role="local_lead", unit=people.icu, revoked_by=people.chair)
    for notification in Notification.objects.all():
        deliver(notification.pk)
    kinds = set(Notification.objects.values_list("kind", "recipient_id"))
    for kind in ("role.grant_requested", "role.granted", "role.removed"):
        assert {(kind, people.chair.pk), (kind, people.central.pk)} <= kinds
    assert len(mailoutbox) >= 6
    assert all(friend.email not in mail.body for mail in mailoutbox)


def test_the_database_refuses_a_grant_confirmed_by_its_proposer(people):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(
            user=people.staff,
            role="central_lead",
            requested_by=people.chair,
            confirmed_by=people.chair,
            state=GrantState.ACTIVE,
        )


def test_a_role_change_by_any_path_writes_one_audit_row(people):
    before = AuditEvent.objects.filter(action="role_change").count()
    people.staff.groups.add(Group.objects.get(name=CENTRAL))  # a shell, a seed, raw ORM
    LocalLead.objects.create(user=people.staff, unit=people.ed)
    people.staff.groups.remove(Group.objects.get(name=CENTRAL))
    LocalLead.objects.filter(user=people.staff).delete()
    rows = AuditEvent.objects.filter(action="role_change").order_by("id")[before:]
    assert [(row.object_id, row.detail) for row in rows] == [
        (str(people.staff.pk), f"joined {CENTRAL}"),
        (str(people.staff.pk), f"local lead of unit {people.ed.pk}"),
        (str(people.staff.pk), f"left {CENTRAL}"),
        (str(people.staff.pk), f"no longer lead of unit {people.ed.pk}"),
    ]


def test_the_pages_show_holders_with_who_granted_them_and_no_internal_user_ids(client, people):
    friend = UserFactory(email="friend@hospital.test", first_name="Frieda", last_name="Friend")
    grant = grants.request_role_grant(
        user=friend, role="local_lead", unit=people.icu, requested_by=people.manager
    )
    grants.approve_role_grant(grant=grant, approved_by=people.central)
    client.force_login(people.chair)
    page = client.get(reverse("roster:grants")).content.decode()
    assert "Frieda Friend" in page and people.manager.display_name in page
    assert people.central.display_name in page
    leadership = client.get(reverse("committees:leadership")).content.decode()
    for person in (people.manager, people.chair, people.sponsor):
        assert f"/{person.pk}/" not in leadership
        assert f'value="{person.pk}"' not in leadership


def test_units_without_a_lead_are_listed_on_the_coverage_page(client, people):
    UnitFactory(name="Oncology ward", code="onc")
    client.force_login(people.manager)
    page = client.get(reverse("roster:coverage")).content.decode()
    assert "Units without a local lead" in page and "Oncology ward" in page


def test_the_chair_proposes_and_the_central_lead_confirms_through_the_pages(client, people):
    lead = UserFactory(email="new-lead@hospital.test")
    client.force_login(people.chair)
    client.post(
        reverse("roster:propose_grant"),
        {"role": "local_lead", "person": lead.email, "unit": people.ed.pk},
    )
    grant = RoleGrant.objects.get(user=lead)
    client.post(reverse("roster:confirm_grant", args=[grant.pk]))
    assert not LocalLead.objects.filter(user=lead).exists()
    client.force_login(people.central)
    client.post(reverse("roster:confirm_grant", args=[grant.pk]))
    assert LocalLead.objects.filter(user=lead, unit=people.ed).exists()
    client.force_login(people.manager)
    end = {"role": "local_lead", "person": lead.email, "unit": people.ed.pk}
    page = client.post(reverse("roster:end_role"), end).content.decode()  # what will happen
    assert "Yes, end the role" in page and "routed to Emergency Department" in page
    assert LocalLead.objects.filter(user=lead).exists()
    client.post(reverse("roster:end_role"), end | {"confirmed": "yes"})
    assert not LocalLead.objects.filter(user=lead).exists()


def test_the_admin_cannot_change_groups_or_local_leads(client, people):
    client.force_login(people.superuser)
    assert client.get("/admin/auth/group/").status_code == 404
    assert client.get(reverse("admin:roster_locallead_add")).status_code == 403
    response = client.post(
        reverse("admin:peersupport_user_change", args=[people.superuser.pk]),
        {"email": people.superuser.email, "groups": [Group.objects.get(name=CENTRAL).pk]},
    )
    assert not people.superuser.groups.exists(), response.status_code
