"""Calendars: .ics invitations (REQUEST, SEQUENCE on updates, CANCEL) and the personal feed."""

import datetime

import icalendar
from django.core import mail
from django.urls import reverse

from core.notifications import deliver_pending
from tests.training.factories import EnrolmentFactory
from training import services
from training.models import CalendarFeed


def sent_invitation(recipient_email: str) -> icalendar.Calendar:
    deliver_pending()
    messages = [m for m in mail.outbox if recipient_email in m.to]
    assert messages, f"no mail to {recipient_email}"
    filename, content, mimetype = messages[-1].attachments[-1]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_the_enrolment_confirmation_carries_an_ics_request(people, upcoming_session):
    services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)
    calendar = sent_invitation(people.staff.email)
    event = only_event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"training-session-{upcoming_session.uid}@peersupport"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == upcoming_session.starts_at.replace(microsecond=0)
    assert people.staff.email in str(event["ATTENDEE"])


def test_an_update_sends_the_same_uid_with_a_higher_sequence(people, upcoming_session):
    services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)
    first = only_event(sent_invitation(people.staff.email))
    services.update_session(
        actor=people.manager,
        session=upcoming_session,
        starts_at=upcoming_session.starts_at + datetime.timedelta(hours=1),
        place="Room 9",
        video_link="",
        capacity=upcoming_session.capacity,
        facilitators=[],
    )
    second = only_event(sent_invitation(people.staff.email))
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert str(second["LOCATION"]) == "Room 9"


def test_a_cancellation_sends_method_cancel_to_everyone_enrolled_or_waiting(
    people, upcoming_session
):
    for person in (people.staff, people.supporter, people.chair):
        services.enrol(actor=person, session=upcoming_session, person=person)
    services.cancel_session(actor=people.manager, session=upcoming_session)
    for person in (people.staff, people.supporter, people.chair):
        calendar = sent_invitation(person.email)
        assert calendar["METHOD"] == "CANCEL"
        assert only_event(calendar)["STATUS"] == "CANCELLED"


def test_a_notice_never_names_anyone_but_the_recipient(people, upcoming_session):
    services.enrol(actor=people.icu_lead, session=upcoming_session, person=people.supporter)
    deliver_pending()
    message = mail.outbox[-1]
    assert people.icu_lead.email not in message.body
    assert people.icu_lead.last_name not in message.body


def test_the_feed_lists_the_persons_sessions_by_its_token(
    client, people, upcoming_session, held_session
):
    EnrolmentFactory(session=upcoming_session, user=people.staff)
    feed = services.regenerate_calendar_feed(user=people.staff)
    client.logout()
    response = client.get(reverse("calendar_feed:personal", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"training-session-{upcoming_session.uid}@peersupport"}


def test_the_feed_shows_a_facilitator_their_sessions(client, people, held_session):
    feed = services.regenerate_calendar_feed(user=people.education)
    response = client.get(reverse("calendar_feed:personal", args=[feed.token]))
    assert str(held_session.uid) in response.content.decode()


def test_the_feed_needs_its_token(client, people):
    services.regenerate_calendar_feed(user=people.staff)
    assert client.get(reverse("calendar_feed:personal", args=["not-the-token"])).status_code == 404


def test_a_revoked_token_gets_404(client, people):
    feed = services.regenerate_calendar_feed(user=people.staff)
    url = reverse("calendar_feed:personal", args=[feed.token])
    client.force_login(people.staff)
    client.post(reverse("training:calendar_revoke"))  # the confirmation page first
    assert CalendarFeed.objects.filter(user=people.staff).exists()
    client.post(reverse("training:calendar_revoke"), {"confirmed": "yes"})
    client.logout()
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(user=people.staff).exists()


def test_regenerating_replaces_the_old_address(client, people):
    client.force_login(people.staff)
    client.post(reverse("training:calendar_regenerate"))  # the first address: nothing to lose
    old = CalendarFeed.objects.get(user=people.staff).token
    client.post(reverse("training:calendar_regenerate"))  # the old one would stop: confirm first
    assert CalendarFeed.objects.get(user=people.staff).token == old
    client.post(reverse("training:calendar_regenerate"), {"confirmed": "yes"})
    new = CalendarFeed.objects.get(user=people.staff).token
    assert new != old and len(new) >= 40
    page = client.get(reverse("training:calendar")).content.decode()
    assert new in page and old not in page
    client.logout()
    assert client.get(reverse("calendar_feed:personal", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed:personal", args=[new])).status_code == 200


def test_a_deactivated_persons_feed_gets_404(client, people):
    feed = services.regenerate_calendar_feed(user=people.staff)
    people.staff.is_active = False
    people.staff.save()
    assert client.get(reverse("calendar_feed:personal", args=[feed.token])).status_code == 404


def test_the_feed_also_lists_the_committee_meetings_the_person_is_invited_to(client, people):
    from committees.models import Committee
    from tests.committees.factories import MeetingFactory

    MeetingFactory(committee=Committee.objects.get(slug="education"), title="Curriculum review")
    feed = services.regenerate_calendar_feed(user=people.education)
    response = client.get(reverse("calendar_feed:personal", args=[feed.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert any("Curriculum review" in summary for summary in summaries), summaries
