"""Corrections, audited: the supporter's first contact and closing form for 7 days, and the
outreach lead's contact counts. Every correction keeps the old value in the audit log."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from support_requests import services
from support_requests.models import Intervention, Outreach, OutreachAssignment, State
from tests.support_requests.conftest import REPORT, walk

pytestmark = pytest.mark.django_db


def details(object_type, pk):
    return list(
        AuditEvent.objects.filter(object_type=object_type, object_id=str(pk))
        .exclude(action="read_details")
        .order_by("at", "id")
        .values_list("detail", flat=True)
    )


def minute(value):
    return timezone.localtime(value).strftime("%Y%m%dT%H%M")


def test_the_supporter_corrects_the_first_contact_and_the_old_time_stays_in_the_log(people):
    request = walk(people, State.CLOSED)
    old = request.first_contact_at
    new = (old - datetime.timedelta(minutes=5)).replace(second=0, microsecond=0)
    services.correct_first_contact(
        actor=people.supporter, support_request=request, contacted_at=new
    )
    fact = Intervention.objects.get(support_request=request)
    assert fact.first_contact_at == new
    assert fact.minutes_to_first_contact == (new - request.submitted_at).total_seconds() // 60
    assert (
        details("support_request", request.pk)[-1] == f"first contact {minute(old)}->{minute(new)}"
    )


def test_the_closing_form_correction_writes_one_event_per_changed_field(people):
    request = walk(people, State.CLOSED)
    corrected = services.ClosingReport(
        contacts=3, duration_band="15_to_45", referral="none", follow_up_planned=True
    )
    services.correct_closing_form(actor=people.supporter, support_request=request, report=corrected)
    fact = Intervention.objects.get(support_request=request)
    assert (fact.contacts, fact.referral) == (3, "none")
    assert details("support_request", request.pk)[-2:] == ["contacts 2->3", "referral eap->none"]
    assert Intervention.objects.count() == 1


def test_corrections_close_after_seven_days_and_are_the_supporters_alone(people):
    request = walk(people, State.CLOSED)
    with pytest.raises(services.NotAllowed):
        services.correct_closing_form(actor=people.central, support_request=request, report=REPORT)
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with time_machine.travel(later, tick=False), pytest.raises(services.RequestError):
        services.correct_first_contact(
            actor=people.supporter,
            support_request=request,
            contacted_at=request.submitted_at + datetime.timedelta(minutes=1),
        )


def test_correcting_through_the_request_page(client, people, django_assert_max_num_queries):
    request = walk(people, State.CLOSED)
    client.force_login(people.supporter)
    url = reverse("support_requests:detail", args=[request.pk])
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert "Correct the closing form" in page
    response = client.post(
        reverse("support_requests:correct_closing", args=[request.pk]),
        {"contacts": "4", "duration_band": "over_45", "referral": "eap", "follow_up_planned": "on"},
    )
    assert response.status_code == 302
    assert Intervention.objects.get().contacts == 4
    assert details("support_request", request.pk)[-2:] == [
        "contacts 2->4",
        "duration_band 15_to_45->over_45",
    ]


@pytest.fixture
def outreach(people):
    outreach = Outreach.objects.create(
        category="patient_death", unit=people.icu, event_on=timezone.localdate()
    )
    OutreachAssignment.objects.create(outreach=outreach, supporter=people.supporter)
    return outreach


def log(people, outreach, count, confirmed=False):
    return services.log_outreach_contacts(
        actor=people.supporter,
        outreach=outreach,
        people=count,
        duration_band="under_15",
        referral="none",
        confirmed=confirmed,
    )


def test_more_than_ten_contacts_need_a_confirmation_and_fifty_is_the_limit(people, outreach):
    with pytest.raises(services.NeedsConfirmation):
        log(people, outreach, 30)
    assert Intervention.objects.count() == 0
    with pytest.raises(services.RequestError):
        log(people, outreach, 51, confirmed=True)
    log(people, outreach, 30, confirmed=True)
    assert Intervention.objects.count() == 30


def test_the_units_headcount_bounds_an_entry(people, outreach):
    people.icu.headcount = 12
    people.icu.save()
    with pytest.raises(services.RequestError, match="1 to 12"):
        log(people, outreach, 13, confirmed=True)


def test_the_lead_corrects_a_typo_and_the_interventions_follow(people, outreach):
    log(people, outreach, 30, confirmed=True)
    assignment = OutreachAssignment.objects.get()
    with pytest.raises(services.NotAllowed):
        services.correct_outreach_contacts(actor=people.ed_lead, assignment=assignment, people=3)
    services.correct_outreach_contacts(actor=people.icu_lead, assignment=assignment, people=3)
    assert Intervention.objects.count() == 3
    assert OutreachAssignment.objects.get().contacts_logged == 3
    assert details("outreach", outreach.pk)[-1] == "contacts corrected 30->3"


def test_a_closed_outreach_takes_no_contacts_and_no_corrections(people, outreach):
    log(people, outreach, 2)
    services.close_outreach(actor=people.icu_lead, outreach=outreach)
    with pytest.raises(services.RequestError):
        log(people, outreach, 1)
    with pytest.raises(services.RequestError):
        services.correct_outreach_contacts(
            actor=people.icu_lead, assignment=OutreachAssignment.objects.get(), people=1
        )
    assert Intervention.objects.count() == 2


def test_the_outreach_pages_confirm_and_correct(client, people, outreach):
    client.force_login(people.supporter)
    url = reverse("support_requests:outreach_contacts", args=[outreach.pk])
    data = {"people": "30", "duration_band": "under_15", "referral": "none"}
    page = client.post(url, data)
    assert page.status_code == 200 and "Please confirm" in page.content.decode()
    assert Intervention.objects.count() == 0
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    client.force_login(people.icu_lead)
    detail = client.get(reverse("support_requests:outreach_detail", args=[outreach.pk]))
    assert "Correct a supporter" in detail.content.decode()
    response = client.post(
        reverse("support_requests:outreach_correct", args=[outreach.pk]),
        {"assignment": OutreachAssignment.objects.get().pk, "people": "3"},
    )
    assert response.status_code == 302 and Intervention.objects.count() == 3
