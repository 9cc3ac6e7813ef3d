"""Voluntary participation: a nomination only invites; the nominee decides."""

import pytest
from django.urls import reverse

from core.models import AuditEvent, Notification
from core.roles import Role
from roster import access, services
from roster.models import (
    JobRoleType,
    Nomination,
    NominationState,
    StatusChange,
    SupporterProfile,
    SupporterStatus,
)
from tests.factories import SupporterProfileFactory, UserFactory
from tests.roster.factories import NominationFactory


def nominate_via_page(client, lead, email, unit):
    client.force_login(lead)
    return client.post(
        reverse("roster:nominate"),
        {"email": email, "unit": unit.pk, "role_type": JobRoleType.PHARMACIST},
    )


def test_a_local_lead_nominates_a_staff_member_who_gets_an_invitation(client, people):
    response = nominate_via_page(client, people.icu_lead, "STAFF@hospital.test", people.icu)

    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee=people.staff)
    assert (nomination.unit, nomination.state) == (people.icu, NominationState.PENDING)
    assert Notification.objects.filter(recipient=people.staff, kind="roster.nominated").exists()
    # An invitation is not a role: nothing changes until the nominee answers.
    assert not SupporterProfile.objects.filter(user=people.staff).exists()
    assert Role.SUPPORTER not in access.roles_of(people.staff)


def test_the_invitation_shows_on_the_nominees_own_page(client, people):
    nomination = NominationFactory(nominee=people.staff, unit=people.icu)
    client.force_login(people.staff)
    page = client.get(reverse("roster:me")).content.decode()
    assert reverse("roster:invitation", args=[nomination.pk]) in page


def test_a_local_lead_cannot_nominate_into_a_unit_they_do_not_lead(client, people):
    response = nominate_via_page(client, people.icu_lead, "staff@hospital.test", people.ed)
    assert response.status_code == 200  # the form again, with the unit refused
    assert not Nomination.objects.exists()


def test_the_service_refuses_a_nomination_outside_the_leads_units(people):
    with pytest.raises(services.RosterError):
        services.nominate(
            nominator=people.ed_lead, nominee=people.staff, unit=people.icu, role_type="nurse"
        )


def test_the_central_lead_nominates_into_any_unit(people):
    nomination = services.nominate(
        nominator=people.central, nominee=people.staff, unit=people.ed, role_type="nurse"
    )
    assert nomination.unit == people.ed


@pytest.mark.parametrize("role", ["manager", "sponsor", "chair", "staff", "supporter"])
def test_people_who_are_not_leads_cannot_nominate(people, role):
    with pytest.raises(services.RosterError):
        services.nominate(
            nominator=getattr(people, role),
            nominee=people.staff,
            unit=people.icu,
            role_type="nurse",
        )


def test_an_unknown_email_is_refused_next_to_the_field(client, people):
    response = nominate_via_page(client, people.icu_lead, "nobody@hospital.test", people.icu)
    assert response.status_code == 200
    assert "No active staff account" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_current_supporter_or_a_pending_nominee_cannot_be_nominated_again(people):
    with pytest.raises(services.RosterError, match="already a peer supporter"):
        services.nominate(
            nominator=people.icu_lead, nominee=people.supporter, unit=people.icu, role_type="nurse"
        )
    services.nominate(
        nominator=people.icu_lead, nominee=people.staff, unit=people.icu, role_type="nurse"
    )
    with pytest.raises(services.RosterError, match="waiting"):
        services.nominate(
            nominator=people.central, nominee=people.staff, unit=people.ed, role_type="nurse"
        )


def test_accepting_with_the_agreement_signed_makes_the_nominee_a_supporter(client, people):
    nomination = NominationFactory(
        nominee=people.staff, unit=people.icu, nominated_by=people.icu_lead, role_type="fellow"
    )
    client.force_login(people.staff)
    response = client.post(reverse("roster:invitation", args=[nomination.pk]), {"agreement": "on"})

    assert response.status_code == 302
    profile = SupporterProfile.objects.get(user=people.staff)
    assert (profile.status, profile.home_unit, profile.role_type) == (
        "active",
        people.icu,
        "fellow",
    )
    assert profile.agreement_signed_on is not None
    assert [
        c.to_status for c in StatusChange.objects.filter(profile=profile).order_by("changed_at")
    ] == [
        "nominated",
        "active",
    ]
    access.forget_roles(people.staff)
    assert Role.SUPPORTER in access.roles_of(people.staff)
    assert AuditEvent.objects.filter(
        action="role_change", object_type="supporter_profile", object_id=str(profile.pk)
    ).exists()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.ACCEPTED


def test_accepting_without_signing_the_agreement_changes_nothing(client, people):
    nomination = NominationFactory(nominee=people.staff, unit=people.icu)
    client.force_login(people.staff)
    response = client.post(reverse("roster:invitation", args=[nomination.pk]), {})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not SupporterProfile.objects.filter(user=people.staff).exists()
    with pytest.raises(services.RosterError):
        services.accept_nomination(
            nomination=nomination, nominee=people.staff, agreement_signed=False
        )


def test_only_the_nominee_can_answer_their_invitation(client, people):
    nomination = NominationFactory(nominee=people.staff, unit=people.icu)
    for someone in (people.icu_lead, people.central, people.superuser):
        client.force_login(someone)
        assert (
            client.post(
                reverse("roster:invitation", args=[nomination.pk]), {"agreement": "on"}
            ).status_code
            == 404
        )
        assert (
            client.post(reverse("roster:decline_invitation", args=[nomination.pk])).status_code
            == 404
        )
    nomination.refresh_from_db()
    assert nomination.state == NominationState.PENDING
    with pytest.raises(services.RosterError):
        services.accept_nomination(
            nomination=nomination, nominee=people.icu_lead, agreement_signed=True
        )


def test_declining_is_quiet_final_and_the_lead_sees_only_declined(client, people):
    nomination = NominationFactory(
        nominee=people.staff, unit=people.icu, nominated_by=people.icu_lead
    )
    client.force_login(people.staff)
    url = reverse("roster:decline_invitation", args=[nomination.pk])
    # Final, so the page first says so (and asks for no reason); nothing is declined yet.
    page = client.post(url).content.decode()
    assert "A declined invitation is final" in page and "Yes, decline the invitation" in page
    assert "reason" not in page.split('id="main"')[1].replace("without giving a reason", "")
    nomination.refresh_from_db()
    assert nomination.state != NominationState.DECLINED
    assert client.post(url, {"confirmed": "yes"}).status_code == 302

    nomination.refresh_from_db()
    assert nomination.state == NominationState.DECLINED
    assert not SupporterProfile.objects.filter(user=people.staff).exists()
    # Final for this nomination: it cannot be accepted afterwards.
    assert (
        client.post(
            reverse("roster:invitation", args=[nomination.pk]), {"agreement": "on"}
        ).status_code
        == 404
    )
    with pytest.raises(services.RosterError):
        services.accept_nomination(
            nomination=nomination, nominee=people.staff, agreement_signed=True
        )

    client.force_login(people.icu_lead)
    page = client.get(reverse("roster:nominations")).content.decode()
    assert "Declined" in page
    assert people.staff.display_name in page


def test_a_lead_does_not_see_nominations_into_other_units(client, people):
    NominationFactory(nominee=people.staff, unit=people.ed, nominated_by=people.ed_lead)
    client.force_login(people.icu_lead)
    assert (
        people.staff.display_name not in client.get(reverse("roster:nominations")).content.decode()
    )


def test_a_retired_supporter_rejoins_only_by_accepting_a_new_nomination(people):
    profile = SupporterProfileFactory(status=SupporterStatus.RETIRED, home_unit=people.icu)
    nomination = services.nominate(
        nominator=people.icu_lead, nominee=profile.user, unit=people.icu, role_type="nurse"
    )
    services.accept_nomination(nomination=nomination, nominee=profile.user, agreement_signed=True)
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.ACTIVE
    assert profile.status_changes.first().from_status == SupporterStatus.RETIRED


def test_an_inactive_account_cannot_be_nominated(people):
    gone = UserFactory(is_active=False)
    with pytest.raises(services.RosterError):
        services.nominate(
            nominator=people.icu_lead, nominee=gone, unit=people.icu, role_type="nurse"
        )


def test_the_invitation_notice_tag_tells_a_nominee_about_their_invitation(rf, people):
    from django.template import Context, Template

    template = Template("{% load roster_tags %}{% pending_invitation_notice %}")
    assert "invited to join" not in template.render(Context({"user": people.staff}))
    NominationFactory(nominee=people.staff, unit=people.icu)
    notice = template.render(Context({"user": people.staff}))
    assert "invited to join" in notice and reverse("roster:me") in notice
