"""Faults with the real Redis and real workers: nothing lost, nothing twice."""

import signal

import pytest
from django.db import transaction

from core import notifications
from core.models import Notification
from tests.factories import UserFactory
from tests.reliability.conftest import celery_client, wait_until

pytestmark = pytest.mark.services


def mails_sent(tmp_path) -> int:
    """Messages written by the file backend (it may append several to one file per second)."""
    folder = tmp_path / "mail"
    files = folder.glob("*.log") if folder.exists() else []
    return sum(path.read_text().count("\nMessage-ID: ") for path in files)


@pytest.fixture
def app_on_private_broker(private_redis):
    """Point this process's Celery app (what `enqueue_on_commit` publishes with) at the private Redis."""
    from peersupport.celery import app

    previous = app.conf.broker_url
    app.pool.force_close_all()
    app._pool = None
    app.conf.broker_url = private_redis.url
    yield app
    app.pool.force_close_all()
    app._pool = None
    app.conf.broker_url = previous


def test_notices_recorded_while_redis_is_down_go_out_exactly_once_when_it_returns(
    postgres_only, private_redis, app_on_private_broker, workers, tmp_path, caplog
):
    private_redis.stop()
    recipients = UserFactory.create_batch(3)
    for recipient in recipients:
        with transaction.atomic():
            notifications.notify(
                recipient=recipient, kind="request.new", subject_type="test", subject_id="1"
            )
    # Each publish met the stopped broker, and each notice is saved all the same.
    assert caplog.text.count("Could not queue core.tasks.send_notification") == 3
    assert Notification.objects.filter(sent_at__isnull=True).count() == 3

    private_redis.start()
    workers.start(private_redis.url)
    client = celery_client(private_redis.url)
    for _ in range(2):  # the sweep runs twice: still one mail per notice
        client.send_task("core.tasks.dispatch_pending_notifications").get(timeout=60)
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
    assert mails_sent(tmp_path) == 3


def test_a_worker_killed_mid_task_leaves_the_effect_to_happen_exactly_once(
    postgres_only, private_redis, workers, tmp_path
):
    marker = tmp_path / "sending-started"
    slow = {
        "EMAIL_BACKEND": "tests.reliability.slow_mail.SlowFileBackend",
        "SLOW_MAIL_MARKER": marker,
        "SLOW_MAIL_SECONDS": 30,
        "CELERY_VISIBILITY_TIMEOUT": 3,
        "CELERY_UNACKED_RESTORE_INTERVAL": 1,
        "CELERY_UNACKED_RESTORE_THROTTLE": 1,
        # The killed worker's claim lapses after 10 s; the redelivered task waits it out.
        "NOTICE_CLAIM_SECONDS": 10,
    }
    recipient = UserFactory()
    notice = Notification.objects.create(
        recipient=recipient, kind="request.new", subject_type="t", subject_id="1"
    )
    first = workers.start(private_redis.url, **slow)
    celery_client(private_redis.url).send_task("core.tasks.send_notification", args=[notice.pk])
    assert wait_until(marker.exists, timeout=60), "the first worker never started sending"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    marker.unlink()
    workers.start(private_redis.url, **dict(slow, SLOW_MAIL_SECONDS=0))
    assert wait_until(
        lambda: Notification.objects.get(pk=notice.pk).sent_at is not None, timeout=90
    )
    assert mails_sent(tmp_path) == 1


def test_after_a_redis_restart_the_canary_task_runs_again_within_60_seconds(
    postgres_only, private_redis, workers
):
    workers.start(private_redis.url)
    client = celery_client(private_redis.url)
    assert client.send_task("core.tasks.ping").get(timeout=60) == "pong"
    private_redis.stop()
    private_redis.start()

    def canary_answers() -> bool:
        try:
            return (
                celery_client(private_redis.url).send_task("core.tasks.ping").get(timeout=10)
                == "pong"
            )
        except Exception:
            return False

    assert wait_until(canary_answers, timeout=60, interval=1)
