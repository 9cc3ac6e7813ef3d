"""Meetings: scheduling with a recurrence, .ics invitations, per-object access, safe minutes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from committees import occurrences, services, tasks
from committees.models import Meeting
from core.models import AuditEvent, Notification
from core.notifications import deliver_pending
from tests.committees.factories import MeetingFactory
from tests.factories import CommitteeFactory, CommitteeMembershipFactory

NEW_YORK = ZoneInfo("America/New_York")


def schedule_form(**overrides):
    data = {
        "title": "Education Committee monthly",
        "first_date": "2026-12-08",  # the second Tuesday of December 2026
        "start_time": "15:00",
        "duration_minutes": "60",
        "time_zone": "America/New_York",
        "repeats": "monthly_weekday",
        "repeat_until": "",
        "custom_rule": "",
        "location": "Education Center, room 4",
        "video_url": "",
        "agenda": "1. Refresher course",
    }
    data.update(overrides)
    return data


def invitation_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return Calendar.from_ical(attachment[1])


@pytest.fixture
def education(people):
    return CommitteeFactory(slug="education")


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=NEW_YORK))
def test_manager_schedules_a_monthly_meeting_and_members_get_an_ics_with_the_rule(
    client, people, education
):
    client.force_login(people.manager)
    response = client.post(reverse("committees:new_meeting", args=["education"]), schedule_form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.recurrence == "FREQ=MONTHLY;BYDAY=2TU"
    assert meeting.starts_at == datetime.datetime(2026, 12, 8, 15, tzinfo=NEW_YORK)
    assert deliver_pending() == 1
    (message,) = mail.outbox
    assert message.to == [people.education.email]
    assert "Refresher" not in message.body  # a notice carries fixed words and a link only
    event = invitation_of(message).walk("VEVENT")[0]
    calendar = invitation_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 8, 15, tzinfo=NEW_YORK)
    assert AuditEvent.objects.filter(object_type="meeting", detail="meeting scheduled").exists()


def test_a_bad_form_changes_nothing_and_says_why(client, people, education):
    client.force_login(people.manager)
    response = client.post(
        reverse("committees:new_meeting", args=["education"]),
        schedule_form(repeats="custom", custom_rule="FREQ=SOMETIMES", location=""),
    )
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert b"not valid" in response.content
    assert not Meeting.objects.exists()


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=NEW_YORK))
def test_changing_the_time_sends_a_new_invitation_with_the_same_uid_and_a_higher_sequence(
    client, people, education
):
    meeting = MeetingFactory(committee=education)
    services.invite(meeting=meeting)
    client.force_login(people.manager)
    form = schedule_form(repeats="once", first_date="2026-12-10", start_time="09:30", agenda="")
    response = client.post(reverse("committees:edit_meeting", args=[meeting.pk]), form)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert deliver_pending() == 2
    first, second = (invitation_of(m).walk("VEVENT")[0] for m in mail.outbox)
    assert first["UID"] == second["UID"] == meeting.uid
    assert second["SEQUENCE"] == 1
    assert "RRULE" not in second
    # Saving the same values again is no change: no new sequence, no new invitation.
    client.post(reverse("committees:edit_meeting", args=[meeting.pk]), form)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert Notification.objects.count() == 2


def test_a_member_downloads_the_invitation(client, people, education):
    meeting = MeetingFactory(committee=education, recurrence="FREQ=WEEKLY;INTERVAL=2")
    client.force_login(people.education)
    response = client.get(reverse("committees:invitation", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2"


@pytest.mark.parametrize("who", ["staff", "supporter", "sponsor", "icu_lead", "superuser"])
def test_outsiders_get_404_on_a_committees_meeting_and_its_minutes(client, people, who):
    meeting = MeetingFactory(committee=CommitteeFactory(slug="education"), minutes="Decided.")
    client.force_login(people.by_role()[who])
    for name in ("committees:meeting", "committees:minutes", "committees:invitation"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404


def test_a_member_of_another_committee_gets_404(client, people):
    it_member = CommitteeMembershipFactory(committee=CommitteeFactory(slug="it")).user
    meeting = MeetingFactory(committee=CommitteeFactory(slug="education"))
    client.force_login(it_member)
    assert client.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("committees:committee", args=["education"])).status_code == 404


def test_a_plain_member_reads_published_minutes_only_and_may_not_edit_them(client, people):
    meeting = MeetingFactory(committee=CommitteeFactory(slug="education"))
    day = occurrences.local_start(meeting).date()
    record = services.record_for(meeting=meeting, occurs_on=day, actor=people.manager)
    services.keep_record(record=record, agenda="", minutes="Decided.", actor=people.manager)
    url = reverse("committees:occurrence", args=[meeting.pk, day.isoformat()])
    client.force_login(people.education)
    assert b"Decided." not in client.get(url).content  # a draft
    services.publish_record(record=record, part="minutes", actor=people.manager)
    assert b"Decided." in client.get(url).content
    assert client.get(reverse("committees:edit_minutes", args=[meeting.pk])).status_code == 403
    edit = reverse("committees:edit_occurrence", args=[meeting.pk, day.isoformat()])
    assert client.get(edit).status_code == 403


def test_minutes_with_a_script_render_inert(client, people):
    meeting = MeetingFactory(committee=CommitteeFactory(slug="education"))
    people.education.committee_memberships.update(role="chair")
    client.force_login(people.education)
    hostile = (
        "## Decisions\n\n<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)"> [link](javascript:alert(2)) **kept**'
    )
    day = occurrences.local_start(meeting).date().isoformat()
    response = client.post(
        reverse("committees:edit_occurrence", args=[meeting.pk, day]),
        {"agenda": "", "minutes": hostile},
    )
    assert response.status_code == 302
    page = client.get(reverse("committees:occurrence", args=[meeting.pk, day])).content.decode()
    minutes = page.split('class="minutes"')[1].split("</main>")[0]
    assert "<script" not in minutes
    assert "onerror" not in minutes
    assert "javascript:" not in minutes
    assert "<h2>Decisions</h2>" in minutes
    assert "<strong>kept</strong>" in minutes


def test_reminders_go_once_per_person_per_occurrence(people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "MEETING_REMINDER_HOURS": 24}
    education = CommitteeFactory(slug="education")
    CommitteeMembershipFactory(committee=education)
    start = datetime.datetime(2026, 12, 8, 15, tzinfo=NEW_YORK)
    MeetingFactory(committee=education, starts_at=start, recurrence="FREQ=MONTHLY;BYDAY=2TU")
    with time_machine.travel(start - datetime.timedelta(hours=20)):
        assert tasks.send_meeting_reminders() == 2
        assert tasks.send_meeting_reminders() == 0
    with time_machine.travel(start + datetime.timedelta(days=20)):
        assert services.send_meeting_reminders() == 0  # the next one is on January 12
    with time_machine.travel(datetime.datetime(2027, 1, 11, 16, tzinfo=NEW_YORK)):
        assert services.send_meeting_reminders() == 2
    occurrences = set(
        Notification.objects.filter(kind="meeting.reminder").values_list("occurrence", flat=True)
    )
    assert occurrences == {"20261208T200000Z", "20270112T200000Z"}


def test_a_recurring_meeting_keeps_its_local_time_across_daylight_saving(people):
    from committees import occurrences

    meeting = MeetingFactory(
        committee=CommitteeFactory(slug="education"),
        starts_at=datetime.datetime(2026, 2, 10, 15, tzinfo=NEW_YORK),
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
    )
    starts = occurrences.next_occurrences(
        meeting, datetime.datetime(2026, 2, 1, tzinfo=NEW_YORK), count=3
    )
    assert [(s.month, s.day, s.hour) for s in starts] == [(2, 10, 15), (3, 10, 15), (4, 14, 15)]
    assert starts[0].utcoffset() != starts[1].utcoffset()


def test_attendance_is_recorded_for_a_past_occurrence(client, people):
    education = CommitteeFactory(slug="education")
    meeting = MeetingFactory(
        committee=education,
        starts_at=datetime.datetime(2026, 9, 8, 15, tzinfo=NEW_YORK),
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
    )
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=NEW_YORK)):
        client.force_login(people.manager)
        url = reverse("committees:attendance", args=[meeting.pk])
        assert b"2026-11-10" in client.get(url).content
        response = client.post(
            url, {"occurrence_on": "2026-11-10", "attendees": [people.education.pk]}
        )
        assert response.status_code == 302
        refused = client.post(url, {"occurrence_on": "2026-11-11", "attendees": []})
        assert refused.status_code == 200
    assert list(meeting.attendance.values_list("user_id", "occurrence_on")) == [
        (people.education.pk, datetime.date(2026, 11, 10))
    ]
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=NEW_YORK)):
        client.force_login(people.education)
        page = client.get(reverse("committees:meeting", args=[meeting.pk])).content.decode()
    assert '<th scope="row">Tue 10 Nov 2026</th><td data-label="Attended">1</td>' in page


def test_cancelling_sends_a_cancel_for_the_same_uid_and_stops_reminders(client, people):
    education = CommitteeFactory(slug="education")
    start = datetime.datetime(2026, 12, 8, 15, tzinfo=NEW_YORK)
    meeting = MeetingFactory(committee=education, starts_at=start, recurrence="FREQ=WEEKLY")
    client.force_login(people.manager)
    response = client.post(
        reverse("committees:cancel_meeting", args=[meeting.pk]), {"confirmed": "yes"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    assert deliver_pending() == 1
    calendar = invitation_of(mail.outbox[0])
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL"
    assert (event["UID"], event["STATUS"], event["SEQUENCE"]) == (meeting.uid, "CANCELLED", 1)
    with time_machine.travel(start - datetime.timedelta(hours=2)):
        assert services.send_meeting_reminders() == 0
    again = client.post(
        reverse("committees:cancel_meeting", args=[meeting.pk]), {"confirmed": "yes"}, follow=True
    )
    assert b"already cancelled" in again.content
    with pytest.raises(services.CommitteeError):
        services.change_meeting(meeting=meeting, actor=people.manager, title="Back on")
