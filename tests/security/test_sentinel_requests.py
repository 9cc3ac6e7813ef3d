"""A support request's free text, contact and colleague's name leave it nowhere.

The whole path runs through the test client as the right people, under `watch_for`: staff submits,
the central lead triages and routes to the ICU, the ICU lead assigns the supporter, who accepts,
logs the first contact and closes; then the retention purge runs. The sentinels must reach no mail,
task argument, log record, cache write, audit row, notification row, URL or redirect Location;
and a forced error after the submission must not carry them in its error report.
"""

from __future__ import annotations

import datetime
import sys
from unittest import mock

import pytest
import time_machine
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from core.models import AuditEvent, Notification
from core.notifications import deliver_pending
from support_requests import selectors, tasks
from support_requests.models import State, SupportRequest
from tests.security.sentinel import watch_for

DETAILS = "SENTINEL-details-5f2a the code blue in bed twelve"
CONTACT = "SENTINEL-contact-0199"
WHEN = "SENTINEL-time-after-three"
COLLEAGUE = "SENTINEL-colleague-Ysolde"
SENTINELS = (DETAILS, CONTACT, WHEN, COLLEAGUE)


def intake(unit) -> dict:
    return {
        "need": "colleague",
        "colleague_name": COLLEAGUE,
        "category": "adverse_event",
        "unit": str(unit.pk),
        "urgency": "today",
        "contact_method": "video",  # free text: a phone or email method checks the detail's shape
        "contact_detail": CONTACT,
        "contact_time": WHEN,
        "preferred_role": "any",
        "requester_role_type": "",
        "language": "en",
        "details": DETAILS,
    }


class Walker:
    """Signs in as each person, records every URL requested and every redirect Location."""

    def __init__(self, seen):
        self.client = Client()
        self.seen = seen
        self.urls: list[str] = []

    def as_(self, user) -> Walker:
        self.client.force_login(user)
        return self

    def _record(self, url, response):
        self.urls.append(url)
        self.seen.add(f"URL {url}", url)
        if response.has_header("Location"):
            self.urls.append(response["Location"])
            self.seen.add(f"Location from {url}", response["Location"])
        return response

    def get(self, url):
        return self._record(url, self.client.get(url))

    def post(self, url, data=None, expect=302):
        response = self._record(url, self.client.post(url, data or {}))
        assert response.status_code == expect, (url, response.status_code)
        if response.status_code == 302:  # the browser follows the redirect
            self.get(response["Location"])
        return response


def test_a_requests_free_text_contact_and_names_leave_it_nowhere_from_intake_to_purge(people):
    with watch_for(*SENTINELS) as seen:
        walker = Walker(seen)
        walker.as_(people.staff).get(reverse("support_requests:new"))
        walker.post(reverse("support_requests:new"), intake(people.icu), expect=200)
        support_request = SupportRequest.objects.get()
        assert support_request.details == DETAILS  # the flow did handle the sentinels
        assert support_request.colleague_name == COLLEAGUE
        pk = support_request.pk
        detail = reverse("support_requests:detail", args=[pk])
        walker.get(reverse("support_requests:mine"))

        walker.as_(people.central).get(reverse("support_requests:triage"))
        walker.get(detail)
        walker.post(reverse("support_requests:triage_request", args=[pk]))
        walker.post(reverse("support_requests:route", args=[pk]), {"unit": people.icu.pk})

        walker.as_(people.icu_lead).get(reverse("support_requests:unit_queue"))
        walker.get(detail)
        walker.post(
            reverse("support_requests:assign", args=[pk]), {"supporter": people.supporter.pk}
        )

        walker.as_(people.supporter).get(reverse("support_requests:assigned"))
        walker.get(detail)
        walker.post(reverse("support_requests:accept", args=[pk]))
        now = timezone.localtime()
        walker.post(
            reverse("support_requests:log_contact", args=[pk]),
            {"on": now.date().isoformat(), "at": now.strftime("%H:%M")},
        )
        walker.post(
            reverse("support_requests:close", args=[pk]),
            {"contacts": "2", "duration_band": "15_to_45", "referral": "none"},
        )
        support_request.refresh_from_db()
        assert support_request.state == State.CLOSED

        walker.as_(people.chair).get(reverse("support_requests:access_log") + f"?request={pk}")
        # The notices go out long before the purge, which deletes the outbox rows about a request.
        deliver_pending()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
            assert tasks.purge_closed_requests.apply_async().get() == 1
    support_request.refresh_from_db()
    assert support_request.details is None and support_request.purged_at is not None
    assert seen.mails, "the flow sent mail, and it was checked"
    assert seen.queued and tasks.purge_closed_requests.name in {name for name, *_ in seen.tasks}
    assert len(walker.urls) > 20
    for event in AuditEvent.objects.all():
        row = repr([getattr(event, f.attname) for f in AuditEvent._meta.fields])
        for sentinel in SENTINELS:
            assert sentinel not in row, f"audit row {event.pk}: {row}"
    for notice in Notification.objects.all():
        row = repr([getattr(notice, f.attname) for f in Notification._meta.fields])
        for sentinel in SENTINELS:
            assert sentinel not in row, f"notification {notice.pk}: {row}"


@pytest.fixture
def error_reports():
    """The technical 500 report (text and HTML) of each exception a view raises."""
    reports: list[str] = []

    def receiver(sender, request, **kwargs):
        reporter = ExceptionReporter(request, *sys.exc_info())
        reports.append(reporter.get_traceback_text())
        reports.append(reporter.get_traceback_html())

    got_request_exception.connect(receiver)
    yield reports
    got_request_exception.disconnect(receiver)


def test_an_error_after_the_intake_is_saved_carries_none_of_it_in_the_error_report(
    people, settings, error_reports
):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(people.staff)
    failing = mock.patch.object(selectors, "target_for", side_effect=RuntimeError("forced"))
    with watch_for(*SENTINELS) as seen, failing:
        response = client.post(reverse("support_requests:new"), intake(people.icu))
        assert response.status_code == 500
        for report in error_reports:
            seen.add("the technical 500 report", report)
    assert error_reports and all("RuntimeError" in report for report in error_reports)
    # The reports do show the request's POST, with the sensitive fields starred out.
    assert all("contact_detail" in report and "*****" in report for report in error_reports)
    assert any("Internal Server Error" in line for line in seen.logs)  # the logged report
    assert any("details" in line and "*****" in line for line in seen.logs)
