"""Reach-in outreach: a lead opens it for their unit, assigns supporters, and the
contacts they log count as interventions of kind outreach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from support_requests.models import Intervention, Outreach

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def open_one(client, lead, unit, **overrides):
    data = {"category": "patient_death", "unit": unit.pk, "event_on": YESTERDAY, **overrides}
    client.force_login(lead)
    return client.post(reverse("support_requests:outreach_new"), data)


def test_a_local_lead_opens_an_outreach_and_supporters_log_contacts(client, people):
    response = open_one(client, people.icu_lead, people.icu)
    outreach = Outreach.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("support_requests:outreach_assign", args=[outreach.pk]),
        {"supporter": people.supporter.pk},
    )
    assert Notification.objects.filter(recipient=people.supporter, kind="outreach.assigned")
    client.force_login(people.supporter)
    assigned_page = client.get(reverse("support_requests:assigned")).content.decode()
    assert "Outreach to Intensive Care Unit" in assigned_page
    client.post(
        reverse("support_requests:outreach_contacts", args=[outreach.pk]),
        {"people": 3, "duration_band": "under_15", "referral": "none"},
    )
    facts = Intervention.objects.filter(kind="outreach")
    assert facts.count() == 3
    assert {f.unit_id for f in facts} == {people.icu.pk}
    assert outreach.assignments.get().contacts_logged == 3


def test_a_local_lead_cannot_open_an_outreach_for_another_unit(client, people):
    response = open_one(client, people.icu_lead, people.ed)
    assert response.status_code == 400
    assert Outreach.objects.count() == 0


def test_an_outreach_event_cannot_be_in_the_future(client, people):
    response = open_one(
        client, people.central, people.ed, event_on=timezone.localdate() + datetime.timedelta(1)
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert Outreach.objects.count() == 0


def test_an_outreach_event_dated_more_than_a_year_back_is_refused(client, people):
    # A mistyped year (0001-01-01) once made every rollup refresh fail.
    # The form refuses a date outside 2000 to five years ahead; the service, one over a year old.
    for day, reason in (
        (datetime.date(1, 1, 1), "Give a date between 01 January 2000"),
        (timezone.localdate() - datetime.timedelta(days=400), "within the last year"),
    ):
        response = open_one(client, people.central, people.ed, event_on=day)
        assert response.status_code == 400
        assert reason in response.content.decode()
    assert Outreach.objects.count() == 0


def test_only_the_outreach_supporters_log_contacts(client, people):
    open_one(client, people.central, people.icu)
    outreach = Outreach.objects.get()
    client.force_login(people.icu_lead)
    response = client.post(
        reverse("support_requests:outreach_contacts", args=[outreach.pk]),
        {"people": 2, "duration_band": "under_15", "referral": "none"},
    )
    assert response.status_code == 403
    assert Intervention.objects.count() == 0


def test_the_ed_lead_does_not_see_an_icu_outreach(client, people):
    open_one(client, people.central, people.icu)
    outreach = Outreach.objects.get()
    client.force_login(people.ed_lead)
    url = reverse("support_requests:outreach_detail", args=[outreach.pk])
    assert client.get(url).status_code == 404


def test_bad_contact_counts_are_refused(client, people):
    open_one(client, people.central, people.icu)
    outreach = Outreach.objects.get()
    client.post(
        reverse("support_requests:outreach_assign", args=[outreach.pk]),
        {"supporter": people.supporter.pk},
    )
    client.force_login(people.supporter)
    for people_count in (0, 101, "lots"):
        response = client.post(
            reverse("support_requests:outreach_contacts", args=[outreach.pk]),
            {"people": people_count, "duration_band": "under_15", "referral": "none"},
        )
        assert response.status_code == 400
    assert Intervention.objects.count() == 0


def test_a_closed_outreach_takes_no_new_supporters(client, people):
    open_one(client, people.central, people.icu)
    outreach = Outreach.objects.get()
    client.post(reverse("support_requests:outreach_close", args=[outreach.pk]))
    client.post(
        reverse("support_requests:outreach_assign", args=[outreach.pk]),
        {"supporter": people.supporter.pk},
    )
    assert outreach.assignments.count() == 0


def test_outreach_events_written_through_the_pages_carry_the_ip_address(client, people):
    open_one(client, people.icu_lead, people.icu)
    outreach = Outreach.objects.get()
    client.post(
        reverse("support_requests:outreach_assign", args=[outreach.pk]),
        {"supporter": people.supporter.pk},
    )
    client.post(reverse("support_requests:outreach_close", args=[outreach.pk]))
    events = AuditEvent.objects.filter(object_type="outreach", object_id=str(outreach.pk))
    assert sorted(events.values_list("detail", flat=True)) == [
        "->opened",
        "opened->closed",
        "supporter assigned",
    ]
    assert set(events.values_list("ip", flat=True)) == {"127.0.0.1"}
