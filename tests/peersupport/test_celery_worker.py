"""A real Celery worker against the real Redis runs a task (required in CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import redis_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.services
def test_a_real_worker_runs_a_task_from_redis():
    # A database of its own on the shared Redis, emptied first: only this test's task is queued.
    url = redis_url().rsplit("/", 1)[0] + "/15"
    import redis

    redis.Redis.from_url(url).flushdb()
    env = dict(os.environ, CELERY_BROKER_URL=url, CELERY_RESULT_BACKEND=url)
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "peersupport",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        from celery import Celery

        client = Celery("peersupport-test", broker=url, backend=url, set_as_current=False)
        result = client.send_task("core.tasks.ping")
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    time.sleep(0)
