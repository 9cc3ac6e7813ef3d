"""Any staff member volunteers; the unit's lead (or a central lead) approves; the volunteer then
accepts like a nominee and appears in suggestions."""

import pytest
from django.urls import reverse

from core.models import AuditEvent, Notification
from roster import services
from roster.models import Nomination, SupporterStatus, Volunteering, VolunteerState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def offer_of(person, people):
    return services.volunteer(volunteer=person, unit=people.icu, role_type="nurse")


def test_volunteering_tells_the_units_lead_and_is_audited(people):
    offer = offer_of(people.staff, people)
    assert offer.state == VolunteerState.PENDING
    assert list(
        Notification.objects.filter(kind="roster.volunteered").values_list("recipient", flat=True)
    ) == [people.icu_lead.pk]
    assert AuditEvent.objects.filter(object_type="volunteering", detail="volunteered").count() == 1
    with pytest.raises(services.RosterError):
        offer_of(people.staff, people)


def test_a_unit_without_a_lead_asks_the_central_leads(people):
    from tests.factories import UnitFactory

    orphan = UnitFactory(name="Radiology", code="radiology")
    services.volunteer(volunteer=people.staff, unit=orphan, role_type="nurse")
    notice = Notification.objects.get(kind="roster.volunteered")
    assert notice.recipient == people.central


def test_only_the_units_lead_or_a_central_lead_approves(people):
    offer = offer_of(people.staff, people)
    for outsider in (people.ed_lead, people.manager, people.supporter):
        with pytest.raises(services.RosterError):
            services.approve_volunteer(actor=outsider, offer=offer)
    services.approve_volunteer(actor=people.icu_lead, offer=offer)
    offer.refresh_from_db()
    assert offer.state == VolunteerState.APPROVED and offer.nomination is not None
    assert Notification.objects.get(kind="roster.nominated").recipient == people.staff
    assert AuditEvent.objects.filter(detail="pending->approved").count() == 1


def test_a_declined_offer_tells_the_volunteer_kindly(people):
    offer = offer_of(people.staff, people)
    services.refuse_volunteer(actor=people.central, offer=offer)
    assert Notification.objects.get(kind="roster.volunteer_refused").recipient == people.staff
    assert not Nomination.objects.exists()


def test_the_whole_journey_through_the_pages(client, people, django_assert_max_num_queries):
    volunteer = UserFactory(email="volunteer@hospital.test")
    client.force_login(volunteer)
    home = client.get(reverse("home")).content.decode()
    assert reverse("roster:volunteer") in home
    response = client.post(
        reverse("roster:volunteer"), {"unit": people.icu.pk, "role_type": "nurse"}
    )
    assert response.status_code == 302
    offer = Volunteering.objects.get()

    client.force_login(people.icu_lead)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("roster:volunteers")).content.decode()
    assert volunteer.display_name in page
    client.force_login(people.ed_lead)  # another unit's lead: the offer does not exist for them
    assert client.post(reverse("roster:approve_volunteer", args=[offer.pk])).status_code == 404
    client.force_login(people.icu_lead)
    assert client.post(reverse("roster:approve_volunteer", args=[offer.pk])).status_code == 302

    client.force_login(volunteer)
    nomination = Nomination.objects.get(nominee=volunteer)
    response = client.post(reverse("roster:invitation", args=[nomination.pk]), {"agreement": "on"})
    assert response.status_code == 302
    profile = volunteer.supporter_profile
    assert profile.status == SupporterStatus.ACTIVE and profile.agreement_signed_on


def test_signing_on_the_roster_and_acknowledging_in_governance_are_one_fact(people):
    from committees import services as committee_services
    from committees.models import Policy, PolicyAcknowledgement, PolicyVersion

    policy, _ = Policy.objects.get_or_create(
        slug="confidentiality-agreement", defaults={"title": "Confidentiality agreement"}
    )
    version = PolicyVersion.objects.create(policy=policy, number=99, body="Keep it confidential.")
    # Signed on the roster, by accepting an invitation: acknowledged in governance.
    volunteer = UserFactory()
    offer = services.volunteer(volunteer=volunteer, unit=people.icu, role_type="nurse")
    services.approve_volunteer(actor=people.central, offer=offer)
    services.accept_nomination(
        nomination=Nomination.objects.get(nominee=volunteer),
        nominee=volunteer,
        agreement_signed=True,
    )
    assert PolicyAcknowledgement.objects.filter(version=version, user=volunteer).exists()
    # Acknowledged in governance: signed on the roster.
    profile = people.icu_supporter_profile
    profile.agreement_signed_on = None
    profile.save()
    committee_services.acknowledge_policy(version=version, user=people.supporter)
    profile.refresh_from_db()
    assert profile.agreement_signed_on is not None
