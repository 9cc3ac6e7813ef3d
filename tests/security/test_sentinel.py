"""Free text and names stay out of mail, logs, task arguments and caches.

The harness is tests/security/sentinel.py; the first tests prove it can fail, the others run the
roster and committee flows that exist now. The support-request path (the lead) uses the same
`watch_for` with the request's details as the sentinel.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core import queue
from core.notifications import notify
from core.tasks import send_notification
from roster.models import StatusChange
from tests.security.sentinel import watch_for

SENTINEL = "SENTINEL-c41d-never-leaves"


# ---- the harness can fail --------------------------------------------------------------------


@pytest.mark.parametrize(
    "leak",
    [
        lambda: logging.getLogger("roster").warning("Saved %s", SENTINEL),
        lambda: logging.getLogger("django.request").error("Failed: " + SENTINEL),
        lambda: mail.send_mail("Hi", f"Body {SENTINEL}", "a@hospital.test", ["b@hospital.test"]),
        lambda: mail.send_mail(SENTINEL, "Body", "a@hospital.test", ["b@hospital.test"]),
        lambda: cache.set("key", {"text": SENTINEL}),
        lambda: cache.set_many({"k": SENTINEL}),
        lambda: cache.add(f"key-{SENTINEL}", 1),
    ],
    ids=["log args", "log message", "mail body", "mail subject", "cache set", "set_many", "key"],
)
def test_the_harness_catches_a_leak(db, leak):
    with pytest.raises(AssertionError, match="sentinel"), watch_for(SENTINEL):
        leak()


def test_the_harness_catches_a_task_argument_that_is_not_an_id(db):
    with pytest.raises(AssertionError, match="ids only"), watch_for(SENTINEL):
        queue.enqueue_on_commit(send_notification, "some text")


def test_the_harness_catches_a_logged_traceback(db):
    with pytest.raises(AssertionError, match="sentinel"), watch_for(SENTINEL):
        try:
            raise ValueError(SENTINEL)
        except ValueError:
            logging.getLogger("peersupport").exception("It failed")


def test_the_harness_runs_queued_tasks_and_sees_their_mail(people):
    with watch_for(SENTINEL) as seen:
        notify(
            recipient=people.staff, kind="roster.nominated", subject_type="nomination", subject_id=1
        )
    assert [name for name, _args in seen.queued] == [send_notification.name]
    assert len(seen.mails) == 1 and seen.mails[0].to == [people.staff.email]


# ---- roster: a nomination ----------------------------------------------------------------------

FIRST, LAST = "Oriel", "Quennell-Sentinel"


def without_greeting(first_name: str):
    """Mail may greet its recipient by first name ("Hello Oriel,"); nowhere else."""

    def strip(text: str) -> str:
        return re.sub(rf"^(Hello|Dear|Hi) {re.escape(first_name)},?$", "", text, flags=re.M)

    return strip


def test_a_nomination_and_its_answer_carry_no_names_in_mail_logs_tasks_or_caches(client, people):
    nominee = people.staff
    nominee.first_name, nominee.last_name = FIRST, LAST
    nominee.save(update_fields=["first_name", "last_name"])
    with watch_for(FIRST, LAST, allowed_in_mail=(without_greeting(FIRST),)) as seen:
        client.force_login(people.icu_lead)
        response = client.post(
            reverse("roster:nominate"),
            {"email": nominee.email, "unit": people.icu.pk, "role_type": "nurse"},
        )
        assert response.status_code == 302
        nomination = nominee.nominations.get()
        client.force_login(nominee)
        accepted = client.post(
            reverse("roster:invitation", args=[nomination.pk]), {"agreement": "on"}
        )
        assert accepted.status_code == 302
        client.force_login(people.icu_lead)
        client.get(reverse("roster:nominations"))
    assert [message.to for message in seen.mails] == [[nominee.email]]
    assert seen.queued and seen.tasks


def form_errors(response) -> object:
    """What to print when a POST that should succeed did not: the form's errors, or the status."""
    context = response.context or {}
    form = context.get("form") if hasattr(context, "get") else None
    return form.errors if form is not None else response.status_code


def test_a_lead_changing_a_status_and_a_supporter_leaving_send_and_log_no_names(client, people):
    supporter = people.supporter
    supporter.first_name, supporter.last_name = FIRST, LAST
    supporter.save(update_fields=["first_name", "last_name"])
    with watch_for(FIRST, LAST, allowed_in_mail=(without_greeting(FIRST),)):
        client.force_login(people.icu_lead)
        changed = client.post(
            reverse("roster:change_status", args=[people.icu_supporter_profile.pk]),
            {"status": "on_leave"},
        )
        assert changed.status_code == 302, form_errors(changed)
        client.force_login(supporter)
        left = client.post(reverse("roster:leave"), {"confirmed": "yes"})
        assert left.status_code == 302, form_errors(left)
    # Both changes happened: the names went through the whole flow, not through an error page.
    assert list(
        StatusChange.objects.filter(profile=people.icu_supporter_profile)
        .order_by("changed_at", "pk")
        .values_list("to_status", flat=True)
    )[-2:] == ["on_leave", "retired"]


# ---- committees: a meeting's agenda and minutes ----------------------------------------------

AGENDA = "SENTINEL-agenda-9e1b: the budget talk"
MINUTES = "SENTINEL-minutes-77aa: who said what"


def test_a_meetings_agenda_and_minutes_reach_no_notice_log_task_or_cache(client, people):
    from committees.models import Meeting

    day = timezone.localdate() + timezone.timedelta(days=14)
    with watch_for(AGENDA, MINUTES) as seen:
        client.force_login(people.manager)
        added = client.post(
            reverse("committees:add_member", args=["education"]),
            {"person": people.chair.email, "role": "member"},
        )
        assert added.status_code == 302, form_errors(added)
        response = client.post(
            reverse("committees:new_meeting", args=["education"]),
            {
                "title": "Education meeting",
                "first_date": day.isoformat(),
                "start_time": "12:00",
                "duration_minutes": "60",
                "time_zone": "America/New_York",
                "repeats": "monthly_weekday",
                "location": "Board room",
                "agenda": AGENDA,
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        meeting = Meeting.objects.get(title="Education meeting")
        kept = client.post(
            reverse("committees:edit_minutes", args=[meeting.pk]),
            {"agenda": AGENDA, "minutes": MINUTES},
        )
        assert kept.status_code == 302, form_errors(kept)
        changed = client.post(
            reverse("committees:edit_meeting", args=[meeting.pk]),
            {
                "title": "Education meeting",
                "first_date": day.isoformat(),
                "start_time": "13:00",
                "duration_minutes": "60",
                "time_zone": "America/New_York",
                "repeats": "custom",
                "custom_rule": meeting.recurrence,
                "location": "Board room",
            },
        )
        assert changed.status_code == 302, form_errors(changed)
        cancelled = client.post(
            reverse("committees:cancel_meeting", args=[meeting.pk]), {"confirmed": "yes"}
        )
        assert cancelled.status_code == 302, form_errors(cancelled)
    meeting.refresh_from_db()
    assert meeting.location == "Board room" and meeting.cancelled_at is not None
    assert meeting.agenda == AGENDA and meeting.minutes == MINUTES  # the flow did handle them
    kinds = {message.subject for message in seen.mails}
    assert {
        "[Peer Support] Meeting invitation",
        "[Peer Support] Meeting cancelled",
    } <= kinds, kinds
    assert any(message.attachments for message in seen.mails)  # the .ics files were checked too


def test_the_harness_sees_the_form_an_error_report_would_carry(rf, db):
    request = rf.post("/somewhere/", {"details": SENTINEL})
    with pytest.raises(AssertionError, match="sentinel"), watch_for(SENTINEL):
        logging.getLogger("django.request").error(
            "Internal Server Error", extra={"request": request}
        )


def test_sensitive_post_parameters_keep_a_field_out_of_the_error_report(rf, db):
    from django.views.decorators.debug import sensitive_post_parameters

    @sensitive_post_parameters("details")
    def view(request):
        logging.getLogger("django.request").error(
            "Internal Server Error", extra={"request": request}
        )

    with watch_for(SENTINEL):
        view(rf.post("/somewhere/", {"details": SENTINEL}))
