"""The outbox: a notice is a row first; queued after commit; sent once."""

import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
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
