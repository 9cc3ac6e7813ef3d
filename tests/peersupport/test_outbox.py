"""The outbox: a notice is a row first; queued after commit; sent once, outside any lock;
backs off after a failure and is parked, with the program managers told, after the last."""

import datetime
import uuid
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import notifications
from core.models import Notification
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing():
    recipient = UserFactory()
    with mock.patch("core.tasks.send_notification.apply_async") as apply_async:
        with pytest.raises(RuntimeError), transaction.atomic():
            notifications.notify(
                recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
            )
            raise RuntimeError("the request failed")
    assert apply_async.call_count == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_notice_is_queued_after_commit_with_its_id_only():
    recipient = UserFactory()
    with mock.patch("core.tasks.send_notification.apply_async") as apply_async:
        with transaction.atomic():
            notice = notifications.notify(
                recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
            )
            assert apply_async.call_count == 0
    apply_async.assert_called_once_with(args=(notice.pk,), retry=False)


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_loses_nothing_and_the_sweep_sends_each_notice_once():
    recipient = UserFactory()
    with mock.patch(
        "core.tasks.send_notification.apply_async", side_effect=OperationalError("down")
    ):
        with transaction.atomic():
            notifications.notify(
                recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
            )
    assert Notification.objects.filter(sent_at__isnull=True).count() == 1
    assert notifications.deliver_pending() == 1
    assert notifications.deliver_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_same_notice_is_recorded_once():
    recipient = UserFactory()
    first = notifications.notify(
        recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
    )
    second = notifications.notify(
        recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
    )
    assert first is not None and second is None
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_notice_says_only_fixed_words_and_a_sign_in_link():
    recipient = UserFactory()
    notice = notifications.notify(
        recipient=recipient,
        kind="request.assigned",
        subject_type="support_request",
        subject_id=str(uuid.uuid4()),
    )
    notifications.deliver(notice.pk)
    message = mail.outbox[0]
    assert message.subject == "[Peer Support] You have a new assignment"
    assert "Sign in to see it" in message.body


# Sending outside the row lock, back-off and parking.


def failing_send(*args, **kwargs):
    raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_the_mail_is_sent_after_the_claim_is_committed_and_outside_any_transaction():
    notice = notifications.notify(
        recipient=UserFactory(), kind="request.new", subject_type="t", subject_id="1"
    )
    seen = {}

    def send(email, *args, **kwargs):
        seen["in_transaction"] = transaction.get_connection().in_atomic_block
        seen["row"] = Notification.objects.values("claimed_until", "attempts", "sent_at").get(
            pk=notice.pk
        )
        return 1

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=send
    ):
        assert notifications.deliver(notice.pk) is True
    assert seen["in_transaction"] is False
    assert seen["row"]["claimed_until"] is not None and seen["row"]["sent_at"] is None
    assert seen["row"]["attempts"] == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.claimed_until is None


@pytest.mark.django_db
def test_a_notice_another_sender_holds_is_left_alone_until_its_claim_lapses():
    notice = notifications.notify(
        recipient=UserFactory(), kind="request.new", subject_type="t", subject_id="1"
    )
    Notification.objects.filter(pk=notice.pk).update(
        claimed_until=timezone.now() + datetime.timedelta(seconds=60)
    )
    with pytest.raises(notifications.NoticeBusy) as busy:
        notifications.deliver(notice.pk)
    assert 55 < busy.value.seconds <= 60
    assert notifications.deliver_pending() == 0
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61), tick=False):
        assert notifications.deliver_pending() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_counts_the_attempt_and_waits_twice_as_long_each_time(settings):
    settings.PEERSUPPORT_NOTICE_RETRY_SECONDS = 60
    notice = notifications.notify(
        recipient=UserFactory(), kind="request.new", subject_type="t", subject_id="1"
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=failing_send):
            with pytest.raises(ConnectionRefusedError):
                notifications.deliver(notice.pk)
            notice.refresh_from_db()
            assert notice.attempts == 1 and notice.claimed_until is None
            assert notice.next_attempt_at == start + datetime.timedelta(seconds=60)
            assert notifications.deliver_pending() == 0  # not due yet: nothing tried
            notice.refresh_from_db()
            assert notice.attempts == 1
    with time_machine.travel(start + datetime.timedelta(seconds=60), tick=False):
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=failing_send):
            assert notifications.deliver_pending() == 0
        notice.refresh_from_db()
        assert notice.attempts == 2
        assert notice.next_attempt_at == timezone.now() + datetime.timedelta(seconds=120)
    with time_machine.travel(start + datetime.timedelta(seconds=180), tick=False):
        assert notifications.deliver_pending() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 3
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_fails_the_notice_is_parked_and_the_program_managers_told(
    settings, people
):
    settings.PEERSUPPORT_NOTICE_MAX_ATTEMPTS = 3
    notice = notifications.notify(
        recipient=people.staff,
        kind="request.assigned",
        subject_type="support_request",
        subject_id=str(uuid.uuid4()),
    )
    moment = timezone.now()
    for _attempt in range(3):
        with time_machine.travel(moment, tick=False):
            with mock.patch(
                "django.core.mail.EmailMultiAlternatives.send", side_effect=failing_send
            ):
                notifications.deliver_pending()
        moment += datetime.timedelta(days=1)
    notice.refresh_from_db()
    assert notice.attempts == 3 and notice.parked_at is not None and notice.sent_at is None

    alerts = Notification.objects.filter(kind=notifications.PARKED_KIND)
    assert [alert.recipient for alert in alerts] == [people.manager]
    assert alerts.get().subject_id == str(notice.pk)
    with time_machine.travel(moment + datetime.timedelta(days=30), tick=False):
        assert notifications.deliver_pending() == 1  # the alert only: a parked notice stays
    (message,) = mail.outbox
    assert message.to == [people.manager.email]
    assert message.subject == "[Peer Support] A notice could not be sent"
    # No detail of the notice that failed: not its kind, subject, recipient or wording.
    assert "assignment" not in message.body and people.staff.email not in message.body
    assert notice.subject_id not in message.body
