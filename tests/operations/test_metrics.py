"""/metrics: Prometheus text for the configured addresses only, with the program's own figures
and nothing about any person."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from operations.services import record_job_outcome
from tests.factories import SupportRequestFactory

SECRET_EMAIL = "metrics-sentinel@hospital.test"


def scrape(client, address="127.0.0.1"):
    return client.get("/metrics", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_metrics_answer_the_configured_scraper(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text  # django-prometheus's own
    assert "peersupport_notices_pending" in text
    assert "peersupport_application_metrics_up 1.0" in text


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["10.0.0.5", "192.168.1.20", "2001:db8::1"])
def test_metrics_answer_404_to_any_other_address(client, address):
    response = scrape(client, address)
    assert response.status_code == 404
    assert b"peersupport_" not in response.content


@pytest.mark.django_db
def test_metrics_follow_the_configured_list(client, settings):
    settings.METRICS_ALLOWED_IPS = frozenset({"10.0.0.9"})
    assert scrape(client, "10.0.0.9").status_code == 200
    assert scrape(client, "127.0.0.1").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("behind_proxy", [False, True])
@pytest.mark.parametrize(
    ("remote", "forwarded"), [("10.0.0.5", "127.0.0.1"), ("127.0.0.1", "203.0.113.9")]
)
def test_a_relayed_request_never_opens_metrics(client, settings, behind_proxy, remote, forwarded):
    # A forged header from outside, or a proxy on the same host relaying someone: both refused.
    if behind_proxy:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/metrics", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 404


@pytest.mark.django_db
def test_application_metrics_count_requests_queues_notices_and_jobs(client, people):
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(hours=3), tick=False):
        SupportRequestFactory(requester=people.staff, unit=people.icu, details=SECRET_EMAIL)
    SupportRequestFactory(requester=people.staff, unit=people.icu)
    from core.notifications import notify

    notify(recipient=people.staff, kind=_any_kind(), subject_type="test", subject_id="1")
    record_job_outcome(task="core.tasks.dispatch_pending_notifications", succeeded=True)

    text = scrape(client).content.decode()
    assert 'peersupport_requests{state="submitted"} 2.0' in text
    age = _value(text, 'peersupport_queue_oldest_age_seconds{state="submitted"}')
    assert 3 * 3600 - 60 < age < 3 * 3600 + 600
    assert _value(text, 'peersupport_queue_oldest_age_seconds{state="routed"}') == 0
    assert _value(text, "peersupport_notices_pending") == 1
    assert _value(text, "peersupport_notices_parked") == 0
    sweep = _value(text, 'peersupport_job_last_success_timestamp_seconds{job="outbox-sweep"}')
    assert abs(sweep - now.timestamp()) < 600
    assert (
        _value(
            text, 'peersupport_job_last_success_timestamp_seconds{job="requests-retention-purge"}'
        )
        == 0
    )
    for person_data in (SECRET_EMAIL, people.staff.email, "icu", "Intensive"):
        assert person_data not in text


def _any_kind() -> str:
    from core.notifications import KINDS

    return sorted(KINDS)[0]


def _value(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{series} not in the metrics")


@pytest.mark.django_db
def test_a_parked_notice_is_counted_apart_from_the_pending_ones(client, people):
    from core.models import Notification
    from core.notifications import notify

    notify(recipient=people.staff, kind=_any_kind(), subject_type="test", subject_id="1")
    notify(recipient=people.staff, kind=_any_kind(), subject_type="test", subject_id="2")
    if not any(field.name == "parked_at" for field in Notification._meta.get_fields()):
        text = scrape(client).content.decode()
        assert _value(text, "peersupport_notices_pending") == 2
        assert _value(text, "peersupport_notices_parked") == 0
        return
    Notification.objects.filter(subject_id="2").update(parked_at=timezone.now())
    text = scrape(client).content.decode()
    assert _value(text, "peersupport_notices_pending") == 1
    assert _value(text, "peersupport_notices_parked") == 1
