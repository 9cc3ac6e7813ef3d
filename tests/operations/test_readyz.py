"""/readyz: database, migrations, cache and broker, each named in the JSON body."""

import json
import time
from unittest import mock

import pytest
from django.db import connection

from operations import readiness
from tests.conftest import service_missing
from tests.operations.servers import TcpProxy, free_port, get, gunicorn, server_env

ALL_OK = {"database": "ok", "migrations": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_answers_200_with_every_check_named(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": ALL_OK}


@pytest.mark.django_db
@pytest.mark.parametrize("failing", ["database", "cache", "broker", "migrations"])
def test_readyz_answers_503_and_names_what_failed(client, failing):
    def broken():
        raise ConnectionError("secret host name and password must not be served")

    with mock.patch.dict(readiness.CHECKS, {failing: broken}):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"][failing] == "unavailable"
    assert "password" not in response.content.decode()
    others = {name for name, value in body["checks"].items() if value == "ok"}
    expected = set(ALL_OK) - {failing} - ({"migrations"} if failing == "database" else set())
    assert others == expected


@pytest.mark.django_db
def test_readyz_reports_a_migration_the_database_has_not_applied(client):
    on_disk = readiness.migrations_on_disk() | {("operations", "9999_not_applied_yet")}
    with mock.patch("operations.readiness.migrations_on_disk", return_value=on_disk):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unavailable"


@pytest.mark.django_db
def test_readyz_reads_the_applied_migrations_not_the_files(client, django_assert_max_num_queries):
    client.get("/readyz")
    with django_assert_max_num_queries(3):  # SELECT 1, the table check, the applied list
        assert client.get("/readyz").status_code == 200


def test_readyz_and_healthz_are_exempt_from_the_https_redirect(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/", secure=False).status_code == 301


def _readyz(port: int) -> tuple[int, dict]:
    status, _, body = get(f"http://127.0.0.1:{port}/readyz", timeout=15)
    return status, json.loads(body)


def _wait_for(port: int, status: int, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        got, body = _readyz(port)
        if got == status or time.monotonic() > deadline:
            assert got == status, body
            return body
        time.sleep(0.3)


@pytest.mark.services
@pytest.mark.django_db
def test_readyz_fails_while_postgresql_is_away_and_recovers_when_it_returns():
    """gunicorn reaches the test database through a proxy that the test cuts and restores."""
    if connection.vendor != "postgresql":
        service_missing("this test needs PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    proxy.restore()
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@127.0.0.1:{proxy.port}/{db['NAME']}"
    port = free_port()
    try:
        with gunicorn(server_env(DATABASE_URL=url, DB_CONNECT_TIMEOUT="2"), port):
            assert _wait_for(port, 200)["checks"] == ALL_OK
            proxy.cut()
            body = _wait_for(port, 503)
            assert body["checks"]["database"] == "unavailable"
            assert body["checks"]["cache"] == "ok" and body["checks"]["broker"] == "ok"
            assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200  # liveness is unaffected
            proxy.restore()
            assert _wait_for(port, 200)["checks"] == ALL_OK
    finally:
        proxy.cut()
