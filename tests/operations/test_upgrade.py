"""The upgrade path: the previous release migrates and seeds a fresh database, then HEAD migrates
it and reads the same data. PostgreSQL in CI (a database of its own), SQLite otherwise."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid

import pytest
from django.db import connection

from tests.conftest import service_missing
from tests.operations.servers import ROOT

PREVIOUS_RELEASE = "v0.1.0"

# Written against app labels (apps.get_model), not module paths, so it runs on both versions.
SEED = """
from django.apps import apps
from django.utils import timezone
User = apps.get_model("peersupport", "User")
Unit = apps.get_model("roster", "Unit")
Request = apps.get_model("support_requests", "SupportRequest")
Event = apps.get_model("peersupport", "AuditEvent")
Notification = apps.get_model("peersupport", "Notification")
hospital = Unit.objects.create(name="General Hospital", code="general", kind="hospital")
medicine = Unit.objects.create(name="Medicine", code="medicine", kind="department", parent=hospital)
unit = Unit.objects.create(name="Intensive Care Unit", code="icu", kind="unit", parent=medicine)
staff = User.objects.create_user(email="upgrade-staff@hospital.test", password="upgrade-pass-2026!")
Request.objects.create(requester=staff, unit=unit, category="workload", details="kept text")
Request.objects.create(requester=staff, unit=unit, category="workload", state="closed")
Event.objects.create(actor_id=staff.pk, action="state_change", object_type="request", object_id="1")
Notification.objects.create(recipient=staff, kind="request_received", subject_type="request", subject_id="1")
"""

READ = """
import json
from django.apps import apps
from django.test import Client
User = apps.get_model("peersupport", "User")
Request = apps.get_model("support_requests", "SupportRequest")
Event = apps.get_model("peersupport", "AuditEvent")
staff = User.objects.get(email="upgrade-staff@hospital.test")
client = Client()
signed_in = client.login(email="upgrade-staff@hospital.test", password="upgrade-pass-2026!")
page = client.get("/requests/mine/", secure=True)
print(json.dumps({
    "requests": sorted(Request.objects.values_list("state", "category", "unit__code", "details")),
    "mine": Request.objects.filter(requester=staff).count(),
    "audit": list(Event.objects.values_list("action", "object_type", "object_id")),
    "notices": apps.get_model("peersupport", "Notification").objects.count(),
    "signed_in": signed_in,
    "page": page.status_code,
}))
"""


def export_release(tag: str, target) -> None:
    archive = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "archive", "--format=tar", tag], capture_output=True, check=False
    )
    if archive.returncode != 0:
        service_missing(f"git tag {tag} is not available: {archive.stderr.decode()[:200]}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def manage(code_dir, env, *args) -> str:
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, f"{code_dir}: manage.py {args[0]}\n{completed.stderr[-3000:]}"
    return completed.stdout


@pytest.fixture
def fresh_database_url(tmp_path, django_db_blocker):
    """An empty database of its own: PostgreSQL when the tests run on it, else a SQLite file."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    name = f"peersupport_upgrade_{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, password = settings_dict["USER"], settings_dict["PASSWORD"] or ""
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    yield f"postgres://{user}:{password}@{host}:{port}/{name}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_the_previous_release_upgrades_to_head_and_its_data_reads_the_same(
    tmp_path, fresh_database_url
):
    previous = tmp_path / PREVIOUS_RELEASE
    export_release(PREVIOUS_RELEASE, previous)
    env = dict(
        os.environ,
        DATABASE_URL=fresh_database_url,
        PEERSUPPORT_VAR_DIR=str(tmp_path / "var"),
        DEBUG="1",
        REQUIRE_MFA_FOR_LEADS="0",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)  # nothing here needs the broker; the filesystem one under var/

    manage(previous, env, "migrate", "--noinput", "-v0")
    manage(previous, env, "shell", "-c", SEED)
    before = json.loads(manage(previous, env, "shell", "-c", READ).splitlines()[-1])
    assert before["mine"] == 2 and before["signed_in"] and before["page"] == 200

    manage(ROOT, env, "migrate", "--noinput", "-v0")
    manage(ROOT, env, "makemigrations", "--check", "--dry-run")
    after = json.loads(manage(ROOT, env, "shell", "-c", READ).splitlines()[-1])
    assert after == before
