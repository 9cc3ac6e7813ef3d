"""A real worker logs the id of the request that queued its task (Redis; required in CI)."""

import json
import os
import subprocess
import sys
import time

import pytest
from celery import Celery

from core import audit
from tests.conftest import redis_url
from tests.operations.servers import ROOT


@pytest.mark.services
def test_the_worker_logs_the_request_id_of_the_page_that_queued_the_task():
    url = redis_url().rsplit("/", 1)[0] + "/14"
    import redis

    redis.Redis.from_url(url).flushdb()
    env = dict(os.environ, CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url, LOG_FORMAT="json")
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "peersupport", "worker", "--pool=solo"]
        + ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client = Celery("peersupport-test", broker=url, backend=url, set_as_current=False)
        token = audit._origin.set(audit.Origin(request_id="cafe0123cafe0123"))
        try:
            result = client.send_task("core.tasks.ping")
        finally:
            audit._origin.reset(token)
        assert result.get(timeout=60) == "pong"
        time.sleep(0.5)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    lines = []
    for raw in output.decode(errors="replace").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    started = [line for line in lines if line.get("message") == "task started"]
    assert started, output.decode(errors="replace")[-3000:]
    assert started[0]["request_id"] == "cafe0123cafe0123"
    assert started[0]["task"] == "core.tasks.ping"
