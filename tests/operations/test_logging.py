"""Logs are JSON lines carrying a request id, the user id and the timing; never request details."""

import io
import json
import logging
import logging.config
from types import SimpleNamespace

import pytest
from django.conf import settings

from core import audit
from operations import request_context, task_signals

SENTINEL = "SENTINEL-log-9c1e-free-text"


@pytest.fixture
def log_lines():
    """The project's own handler (JSON formatter and context filter) writing into a buffer."""
    stream = io.StringIO()
    config = settings.LOGGING["handlers"]["console"]
    handler = logging.StreamHandler(stream)
    formatter_config = dict(settings.LOGGING["formatters"]["json"])
    factory = formatter_config.pop("()")
    module, name = factory.rsplit(".", 1)
    handler.setFormatter(getattr(__import__(module, fromlist=[name]), name)(**formatter_config))
    handler.addFilter(request_context.RequestContextFilter())
    assert config["formatter"] == "json"
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "peersupport.requests"]


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_id_user_route_and_timing(client, people, log_lines):
    client.force_login(people.staff)
    response = client.get(f"/requests/mine/?q={SENTINEL}", secure=True)
    assert response.status_code == 200
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] == people.staff.pk
    assert line["route"] == "support_requests:mine"
    assert line["status"] == 200 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")
    assert SENTINEL not in json.dumps(log_lines())
    assert people.staff.email not in json.dumps(log_lines())


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_and_a_strange_one_replaced(client, log_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')
    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    assert replaced["X-Request-ID"] != 'x" injected\nline' and len(replaced["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in request_lines(log_lines())]
    assert ids == [kept["X-Request-ID"], replaced["X-Request-ID"]]


@pytest.mark.django_db
def test_the_audit_event_of_a_request_carries_its_request_id(client, people):
    from core.models import AuditEvent

    client.force_login(people.staff)
    response = client.get("/reports/", secure=True, HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response.status_code == 403  # staff may not: the denial is audited
    assert response["X-Request-ID"] == "abcdef0123456789"
    event = AuditEvent.objects.get(action="denied")
    assert event.request_id == "abcdef0123456789"


def test_a_task_carries_the_request_id_that_queued_it():
    token = audit._origin.set(audit.Origin(request_id="feedfacefeedface"))
    try:
        headers = {}
        task_signals.carry_request_id(headers=headers)
    finally:
        audit._origin.reset(token)
    assert headers == {audit.TASK_HEADER: "feedfacefeedface"}

    task = SimpleNamespace(name="core.tasks.ping", request=_TaskRequest(**headers))
    audit.bind_task(task_id="celery-task-id", task=task)
    assert audit.current_origin().request_id == "feedfacefeedface"
    audit.unbind_task()
    audit.bind_task(task_id="celery-task-id", task=SimpleNamespace(request=_TaskRequest()))
    assert audit.current_origin().request_id == "celery-task-id"  # queued by no request
    audit.unbind_task()


class _TaskRequest(SimpleNamespace):
    """Celery's task.request: custom message headers are read with .get()."""

    def get(self, key, default=None):
        return getattr(self, key, default)
