"""Enrolment: places, the wait list moving up on a cancellation, and leads enrolling their people."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from core.models import AuditEvent, Notification
from tests.conftest import service_missing
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory
from training import services
from training.models import Enrolment, EnrolmentStatus


def test_a_person_enrols_themselves_and_is_sent_a_confirmation(client, people, upcoming_session):
    client.force_login(people.staff)
    response = client.post(reverse("training:enrol", args=[upcoming_session.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(session=upcoming_session, user=people.staff)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert Notification.objects.filter(recipient=people.staff, kind="training.enrolled").exists()


def test_a_full_session_puts_the_next_person_on_the_wait_list(people, upcoming_session):
    for person in (people.staff, people.supporter):
        services.enrol(actor=person, session=upcoming_session, person=person)
    third = services.enrol(actor=people.chair, session=upcoming_session, person=people.chair)
    assert third.status == EnrolmentStatus.WAITLISTED
    assert Notification.objects.filter(recipient=people.chair, kind="training.waitlisted").exists()


def test_the_wait_list_moves_up_on_a_cancellation_with_notice(people, upcoming_session):
    first = services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)
    services.enrol(actor=people.supporter, session=upcoming_session, person=people.supporter)
    waiting_1 = services.enrol(actor=people.chair, session=upcoming_session, person=people.chair)
    waiting_2 = services.enrol(
        actor=people.sponsor, session=upcoming_session, person=people.sponsor
    )

    services.cancel_enrolment(actor=people.staff, enrolment=first)

    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == EnrolmentStatus.ENROLLED  # the earliest request moves up
    assert waiting_2.status == EnrolmentStatus.WAITLISTED
    assert Notification.objects.filter(recipient=people.chair, kind="training.promoted").exists()
    assert Notification.objects.filter(
        recipient=people.staff, kind="training.enrolment_cancelled"
    ).exists()


def test_raising_the_capacity_moves_people_up_from_the_wait_list(people, upcoming_session):
    for person in (people.staff, people.supporter, people.chair):
        services.enrol(actor=person, session=upcoming_session, person=person)
    services.update_session(
        actor=people.manager,
        session=upcoming_session,
        starts_at=upcoming_session.starts_at,
        place=upcoming_session.place,
        video_link="",
        capacity=3,
        facilitators=[people.education],
    )
    assert Enrolment.objects.get(user=people.chair).status == EnrolmentStatus.ENROLLED


def test_enrolling_twice_is_refused_with_a_reason(client, people, upcoming_session):
    client.force_login(people.staff)
    client.post(reverse("training:enrol", args=[upcoming_session.pk]))
    response = client.post(reverse("training:enrol", args=[upcoming_session.pk]), follow=True)
    assert "already enrolled" in response.content.decode()
    assert Enrolment.objects.filter(user=people.staff).count() == 1


def test_a_person_who_gave_up_their_place_may_enrol_again(people, upcoming_session):
    enrolment = services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)
    services.cancel_enrolment(actor=people.staff, enrolment=enrolment)
    again = services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)
    assert again.pk == enrolment.pk and again.status == EnrolmentStatus.ENROLLED


def test_enrolment_is_closed_once_a_session_has_started(people, held_session):
    with pytest.raises(services.TrainingError, match="already started"):
        services.enrol(actor=people.staff, session=held_session, person=people.staff)


def test_enrolment_in_a_cancelled_session_is_refused(people, upcoming_session):
    services.cancel_session(actor=people.manager, session=upcoming_session)
    with pytest.raises(services.TrainingError, match="cancelled"):
        services.enrol(actor=people.staff, session=upcoming_session, person=people.staff)


def test_a_local_lead_enrols_a_supporter_of_their_unit(client, people, upcoming_session):
    client.force_login(people.icu_lead)
    response = client.post(
        reverse("training:enrol_person", args=[upcoming_session.pk]),
        {"person": people.supporter.pk},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=people.supporter)
    assert enrolment.enrolled_by == people.icu_lead


def test_a_local_lead_cannot_enrol_someone_from_another_unit(client, people, upcoming_session):
    client.force_login(people.icu_lead)
    client.post(
        reverse("training:enrol_person", args=[upcoming_session.pk]),
        {"person": people.ed_supporter.pk},
    )
    assert not Enrolment.objects.filter(user=people.ed_supporter).exists()


def test_a_lead_gives_up_the_place_of_their_units_supporter_but_not_another_units(
    client, people, upcoming_session
):
    icu = EnrolmentFactory(session=upcoming_session, user=people.supporter)
    ed = EnrolmentFactory(session=upcoming_session, user=people.ed_supporter)
    client.force_login(people.icu_lead)
    assert client.post(reverse("training:enrolment_cancel", args=[ed.pk])).status_code == 404
    url = reverse("training:enrolment_cancel", args=[icu.pk])
    assert "Yes, give up the place" in client.post(url).content.decode()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    icu.refresh_from_db()
    ed.refresh_from_db()
    assert icu.status == EnrolmentStatus.CANCELLED
    assert ed.status == EnrolmentStatus.ENROLLED


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_seat_cannot_both_get_it():
    """Two enrolments at the same instant for one remaining seat: one place, one wait list."""
    if connection.vendor != "postgresql":
        service_missing("the last-seat race needs PostgreSQL row locks (set DATABASE_URL)")
    session = TrainingSessionFactory(capacity=2)
    EnrolmentFactory(session=session)
    racers = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(racers))
    outcomes, errors = [], []

    def race(person):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.enrol(actor=person, session=session, person=person).status)
        except Exception as error:  # reported below, the thread must not swallow it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(outcomes) == [EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
    assert session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 2


def test_an_enrolment_made_through_the_page_is_audited_with_the_ip_address(
    client, people, upcoming_session
):
    client.force_login(people.staff)
    client.post(reverse("training:enrol", args=[upcoming_session.pk]))
    enrolment = Enrolment.objects.get(session=upcoming_session, user=people.staff)
    event = AuditEvent.objects.get(object_type="training.enrolment", object_id=str(enrolment.pk))
    assert event.actor_id == people.staff.pk
    assert event.ip == "127.0.0.1"
