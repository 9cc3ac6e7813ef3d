"""The quarterly Peer Supporter Community meeting: created once per quarter, one invitation each."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from icalendar import Calendar

from committees import services, tasks
from committees.models import Meeting, MeetingKind
from core.models import Notification
from core.notifications import deliver_pending
from roster.models import SupporterStatus
from tests.conftest import service_missing
from tests.factories import SupporterProfileFactory

NEW_YORK = ZoneInfo("America/New_York")
NOVEMBER = datetime.datetime(2026, 11, 23, 9, tzinfo=NEW_YORK)


def community_invitations() -> int:
    return Notification.objects.filter(kind="meeting.community_invitation").count()


@time_machine.travel(NOVEMBER)
def test_the_job_creates_next_quarters_meeting_on_the_second_wednesday_at_noon(people):
    meeting = Meeting.objects.get(pk=tasks.create_next_community_meeting())
    assert meeting.kind == MeetingKind.COMMUNITY
    assert meeting.quarter_start == datetime.date(2027, 1, 1)
    assert meeting.starts_at == datetime.datetime(2027, 1, 13, 12, tzinfo=NEW_YORK)
    assert meeting.title == "Peer Supporter Community meeting, Q1 2027"


@time_machine.travel(NOVEMBER)
def test_run_twice_it_makes_one_meeting_and_one_invitation_per_active_supporter(people):
    SupporterProfileFactory(status=SupporterStatus.PAUSED)
    SupporterProfileFactory(status=SupporterStatus.RETIRED)
    tasks.create_next_community_meeting()
    tasks.create_next_community_meeting()
    assert Meeting.objects.filter(kind=MeetingKind.COMMUNITY).count() == 1
    # The two active supporters of the `people` fixture; paused and retired ones are not invited.
    invited = set(
        Notification.objects.filter(kind="meeting.community_invitation").values_list(
            "recipient_id", flat=True
        )
    )
    assert invited == {people.supporter.pk, people.ed_supporter.pk}
    assert community_invitations() == 2
    assert deliver_pending() == 2
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert calendar["METHOD"] == "REQUEST"


@time_machine.travel(NOVEMBER)
def test_a_supporter_activated_later_is_invited_by_the_next_run(people):
    tasks.create_next_community_meeting()
    newcomer = SupporterProfileFactory().user
    tasks.create_next_community_meeting()
    assert community_invitations() == 3
    assert Notification.objects.filter(recipient=newcomer).count() == 1


@time_machine.travel(NOVEMBER)
def test_the_date_rule_can_be_changed_in_settings(people, settings):
    settings.PEERSUPPORT = {
        **settings.PEERSUPPORT,
        "COMMUNITY_MEETING_RULE": "FREQ=MONTHLY;BYDAY=1TH;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
    }
    meeting = Meeting.objects.get(pk=tasks.create_next_community_meeting())
    assert meeting.starts_at == datetime.datetime(2027, 1, 7, 8, tzinfo=NEW_YORK)


def test_quarters_are_computed_across_the_year_end():
    assert services.quarter_start_of(datetime.date(2026, 11, 23)) == datetime.date(2026, 10, 1)
    assert services.next_quarter_start(datetime.date(2026, 11, 23)) == datetime.date(2027, 1, 1)
    assert services.next_quarter_start(datetime.date(2027, 3, 31)) == datetime.date(2027, 4, 1)
    assert services.next_quarter_start(datetime.date(2027, 7, 1)) == datetime.date(2027, 10, 1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_meeting_and_one_invitation_each():
    if connection.vendor != "postgresql":
        service_missing(
            "the concurrency test needs PostgreSQL (DATABASE_URL=postgres://...): SQLite "
            "serialises every writer, so two threads cannot race there"
        )
    supporters = [SupporterProfileFactory().user for _ in range(5)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(tasks.create_next_community_meeting())
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    with time_machine.travel(NOVEMBER, tick=True):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert Meeting.objects.filter(kind=MeetingKind.COMMUNITY).count() == 1
    assert community_invitations() == len(supporters)
    assert set(
        Notification.objects.filter(kind="meeting.community_invitation").values_list(
            "recipient_id", flat=True
        )
    ) == {user.pk for user in supporters}


@time_machine.travel(NOVEMBER)
def test_attendance_is_counted_per_community_meeting_for_the_reports(client, people):
    meeting = Meeting.objects.get(
        pk=services.ensure_community_meeting(quarter_start=datetime.date(2026, 10, 1))[0].pk
    )
    client.force_login(people.manager)
    held_on = meeting.starts_at.astimezone(NEW_YORK).date().isoformat()
    response = client.post(
        f"/committees/meetings/{meeting.pk}/attendance/",
        {"occurrence_on": held_on, "attendees": [people.supporter.pk, people.ed_supporter.pk]},
    )
    assert response.status_code == 302
    from committees import selectors

    (row,) = selectors.community_meeting_attendance()
    assert (row["quarter_start"], row["attended"]) == (datetime.date(2026, 10, 1), 2)
