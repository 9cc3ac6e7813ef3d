"""After the purge no free text or contact detail is left in the database, and
no mail of the whole path carries the free text or the requester's name."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.notifications import deliver_pending
from support_requests import services, tasks
from support_requests.models import Intervention, RequestPermissionGrant, SupportRequest
from tests.support_requests.conftest import (
    REQUESTER_CONTACT,
    SECRET_TEXT,
    intake_post,
    walk,
)

pytestmark = pytest.mark.django_db
COLLEAGUE = "Quentin Colleague-Name"


def all_text_in_the_request_table() -> str:
    table = SupportRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return repr(cursor.fetchall())


def test_after_the_purge_no_free_text_or_contact_detail_is_left(people):
    request = walk(people, "closed", for_colleague=True, colleague_name=COLLEAGUE)
    assert SECRET_TEXT in all_text_in_the_request_table()
    assert tasks.purge_closed_requests() == 0  # not yet: kept RETENTION_DAYS after closure
    with time_machine.travel(request.closed_at + datetime.timedelta(days=31)):
        assert tasks.purge_closed_requests() == 1
        assert tasks.purge_closed_requests() == 0
    stored = all_text_in_the_request_table()
    for secret in (SECRET_TEXT, REQUESTER_CONTACT, COLLEAGUE, "after 3 pm"):
        assert secret not in stored
    request.refresh_from_db()
    assert request.purged_at is not None and request.requester_id is None
    assert request.fingerprint == ""
    assert not RequestPermissionGrant.objects.filter(content_object=request).exists()
    assert Intervention.objects.count() == 1  # the long-term facts stay


def test_the_retention_period_comes_from_settings(people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "RETENTION_DAYS": 2}
    request = walk(people, "closed")
    with time_machine.travel(request.closed_at + datetime.timedelta(days=3)):
        assert services.purge_expired() == 1


def test_a_purged_request_shows_that_its_details_are_gone(client, people):
    request = walk(people, "closed")
    with time_machine.travel(request.closed_at + datetime.timedelta(days=31)):
        services.purge_expired()
    client.force_login(people.central)
    page = client.get(reverse("support_requests:detail", args=[request.pk])).content.decode()
    assert "were deleted" in page and SECRET_TEXT not in page


def test_no_mail_of_the_whole_path_carries_the_free_text_or_the_requesters_name(
    client, people, django_capture_on_commit_callbacks
):
    people.staff.first_name, people.staff.last_name = "Rowena", "Requesterson"
    people.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(people.staff)
        client.post(
            reverse("support_requests:new"),
            intake_post(people.icu, need="colleague", colleague_name=COLLEAGUE),
        )
        request = SupportRequest.objects.get()
        client.force_login(people.central)
        client.post(reverse("support_requests:route", args=[request.pk]), {"unit": people.icu.pk})
        client.force_login(people.icu_lead)
        client.post(
            reverse("support_requests:assign", args=[request.pk]),
            {"supporter": people.supporter.pk},
        )
        client.force_login(people.supporter)
        client.post(reverse("support_requests:accept", args=[request.pk]))
    later = timezone.now() + datetime.timedelta(days=2)
    with time_machine.travel(later):
        tasks.remind_no_contact()
        tasks.escalate_unassigned()
    with django_capture_on_commit_callbacks(execute=True):
        services.log_first_contact(
            actor=people.supporter, support_request=request, contacted_at=timezone.now()
        )
        services.close(
            actor=people.supporter,
            support_request=request,
            report=services.ClosingReport(
                contacts=1, duration_band="under_15", referral="none", follow_up_planned=True
            ),
        )
    request.refresh_from_db()
    assert request.state == "closed"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        tasks.remind_follow_up()
    deliver_pending()
    kinds = {m.subject for m in mail.outbox}
    assert "[Peer Support] How did peer support go?" in kinds
    assert "[Peer Support] Time for a follow-up check-in" in kinds
    assert len(mail.outbox) >= 6
    for message in mail.outbox:
        text = (
            message.subject
            + message.body
            + "".join(str(content) for content, _ in getattr(message, "alternatives", []))
        )
        for secret in (
            SECRET_TEXT,
            REQUESTER_CONTACT,
            COLLEAGUE,
            "Rowena",
            "Requesterson",
            people.staff.email,
        ):
            assert secret not in text, (message.subject, secret)
