"""Supervision records: who supervises each supporter, the last and next check-in, and notes the
program needs; seen by the program manager, central leads and the supervisor only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from roster import supervision
from roster.supervision_models import SupervisionRecord
from tests.factories import SupporterProfileFactory, UserFactory

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)


def name_supervisor(client, people, supervisor, profile=None, **dates):
    profile = profile or people.icu_supporter_profile
    client.force_login(people.manager)
    return client.post(
        reverse("roster:supervision_record", args=[profile.pk]),
        {"supervisor": supervisor.email, "notes": "Monthly group supervision.", **dates},
    )


def test_the_manager_names_a_supervisor_who_is_told_and_the_audit_keeps_the_change(client, people):
    response = name_supervisor(client, people, people.education, next_due_on=TODAY.isoformat())
    assert response.status_code == 302
    record = SupervisionRecord.objects.get(profile=people.icu_supporter_profile)
    assert record.supervisor == people.education
    told = Notification.objects.get(kind="supervision.assigned")
    assert told.recipient == people.education
    assert told.subject_id == str(people.icu_supporter_profile.pk)  # the profile, not the user
    details = set(
        AuditEvent.objects.filter(object_type="supervision").values_list("detail", flat=True)
    )
    assert details == {
        f"supervisor None->{people.education.pk}",
        f"next None->{TODAY}",
        "notes changed",  # the notes themselves are never copied to the log
    }


def test_the_supervisor_records_a_check_in_but_cannot_name_another_supervisor(client, people):
    name_supervisor(client, people, people.education)
    client.force_login(people.education)
    url = reverse("roster:supervision_record", args=[people.icu_supporter_profile.pk])
    page = client.get(url).content.decode()
    assert "Supervisor's email" not in page  # only the manager and central leads name them
    response = client.post(
        url,
        {
            "supervisor": people.chair.email,
            "last_check_in_on": PAST.isoformat(),
            "next_due_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "notes": "Plan agreed.",
        },
    )
    assert response.status_code == 302
    record = SupervisionRecord.objects.get()
    assert (record.supervisor, record.last_check_in_on) == (people.education, PAST)
    last = AuditEvent.objects.filter(object_type="supervision").order_by("pk").last()
    assert last.actor_id == people.education.pk
    assert AuditEvent.objects.filter(
        object_type="supervision", detail=f"last None->{PAST}"
    ).exists()


@pytest.mark.parametrize("who", ["staff", "supporter", "icu_lead", "chair", "sponsor"])
def test_nobody_else_sees_a_record_and_a_guess_looks_like_a_missing_one(client, people, who):
    name_supervisor(client, people, people.education)
    client.force_login(people.by_role()[who])
    real = reverse("roster:supervision_record", args=[people.icu_supporter_profile.pk])
    assert client.get(real).status_code == 404
    assert client.get(reverse("roster:supervision_record", args=[999999])).status_code == 404
    assert client.get(reverse("roster:supervision")).status_code == 403


def test_a_supervisor_sees_only_their_own_supervisees(client, people):
    other = SupporterProfileFactory(home_unit=people.ed)
    name_supervisor(client, people, people.education)
    name_supervisor(client, people, UserFactory(), profile=other)
    client.force_login(people.education)
    page = client.get(reverse("roster:supervision")).content.decode()
    assert people.supporter.display_name in page and other.user.display_name not in page
    assert client.get(reverse("roster:supervision_record", args=[other.pk])).status_code == 404


def test_an_overdue_check_in_is_flagged_on_home_and_roster(client, people):
    name_supervisor(client, people, people.education, next_due_on=PAST.isoformat())
    assert supervision.overdue_count(people.education) == 1
    assert supervision.overdue_count(people.manager) == 1
    assert supervision.overdue_count(people.chair) == 0
    client.force_login(people.education)
    assert "1 supervision check-in is overdue" in client.get(reverse("home")).content.decode()
    client.force_login(people.manager)
    assert (
        "1 supervision check-in is overdue"
        in client.get(reverse("roster:directory")).content.decode()
    )
    page = client.get(reverse("roster:supervision")).content.decode()
    assert "(overdue)" in page


def test_dates_that_cannot_be_are_refused(client, people):
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = name_supervisor(client, people, people.education, last_check_in_on=future)
    assert response.status_code == 200 and not SupervisionRecord.objects.exists()
    response = name_supervisor(
        client,
        people,
        people.education,
        last_check_in_on=PAST.isoformat(),
        next_due_on=(PAST - datetime.timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 200


def test_a_supporter_cannot_supervise_themselves(people):
    with pytest.raises(supervision.SupervisionError):
        supervision.update_record(
            profile=people.icu_supporter_profile,
            actor=people.manager,
            supervisor=people.supporter,
            change_supervisor=True,
            last_check_in_on=None,
            next_due_on=None,
            notes="",
        )


def test_the_list_costs_the_same_queries_for_many_supporters(
    client, people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(count):
        for _ in range(count):
            profile = SupporterProfileFactory(home_unit=people.icu)
            SupervisionRecord.objects.create(
                profile=profile, supervisor=UserFactory(), next_due_on=PAST
            )

    client.force_login(people.manager)
    grow(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("roster:supervision")).status_code == 200
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("roster:supervision")).status_code == 200


def test_the_list_finds_a_supporter_by_name_and_puts_the_overdue_first(client, people):
    other = SupporterProfileFactory(home_unit=people.ed)
    name_supervisor(client, people, people.education, profile=other, next_due_on=PAST.isoformat())
    rows = list(supervision.supervision_rows(people.manager))
    assert rows[0] == other  # overdue first; those without a date last
    found = supervision.supervision_rows(people.manager, people.supporter.last_name)
    assert people.icu_supporter_profile in found and other not in found
    page = client.get(reverse("roster:supervision"), {"q": other.user.last_name}).content.decode()
    assert other.user.display_name in page and people.supporter.display_name not in page


def test_supervisors_are_reminded_of_overdue_check_ins_once_per_due_date(client, people):
    from roster import tasks
    from roster.schedule import BEAT_SCHEDULE

    name_supervisor(client, people, people.education, next_due_on=PAST.isoformat())
    assert tasks.remind_overdue_supervision() == 1
    assert tasks.remind_overdue_supervision() == 0  # the same due date: told once
    reminded = Notification.objects.get(kind="supervision.overdue")
    assert reminded.recipient == people.education
    later = (PAST + datetime.timedelta(days=1)).isoformat()
    client.post(
        reverse("roster:supervision_record", args=[people.icu_supporter_profile.pk]),
        {"supervisor": people.education.email, "next_due_on": later},
    )
    assert tasks.remind_overdue_supervision() == 1  # a new due date, missed again
    record = SupervisionRecord.objects.get()
    record.next_due_on = TODAY + datetime.timedelta(days=7)
    record.save()
    assert supervision.remind_overdue() == 0
    assert any(
        job["task"] == "roster.tasks.remind_overdue_supervision" for job in BEAT_SCHEDULE.values()
    )
