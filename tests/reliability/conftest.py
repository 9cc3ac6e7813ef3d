"""Real parts for fault tests: a private Redis we may stop and start, and real Celery workers.

The private Redis (its own port) lets a test stop the broker without disturbing anything else.
The worker shares the test database, so these tests need PostgreSQL (CI); on SQLite they skip
locally and fail in CI (PEERSUPPORT_REQUIRE_SERVICES=1).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, up: bool = True, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} did not come {'up' if up else 'down'}")


class PrivateRedis:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            service_missing("redis-server is not installed")
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for_port(self.port, up=False)


@pytest.fixture
def private_redis():
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        service_missing(
            "fault tests share the database with a worker process: they need PostgreSQL"
        )


def database_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class Workers:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, broker_url: str, **extra_env) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
        env.update(
            PEERSUPPORT_TESTING="1",
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=broker_url,
            CELERY_RESULT_BACKEND=broker_url,
            EMAIL_FILE_PATH=str(self.tmp_path / "mail"),
            PYTHONPATH=str(ROOT),
        )
        env.update({k: str(v) for k, v in extra_env.items()})
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "peersupport",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(self.tmp_path / f"worker{len(self.processes)}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


def wait_until(predicate, timeout: float = 60, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def celery_client(url: str):
    """A Celery client for the test's own broker that never becomes the process's current app.

    shared_task proxies follow the current app; a client that took that place would send the
    application's own tasks to this test's broker (and wait forever once it is stopped).
    """
    from celery import Celery

    return Celery("fault-test", broker=url, backend=url, set_as_current=False)


@pytest.fixture(autouse=True)
def _application_stays_the_current_celery_app():
    yield
    from peersupport.celery import app

    app.set_current()
