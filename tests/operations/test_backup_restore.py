"""The restore drill: back up, wipe, restore; the data and the audit log come back whole, and the
audit log still refuses UPDATE and DELETE. It runs on the test database: SQLite here, PostgreSQL
in CI."""

import shutil

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from core import audit
from tests.conftest import REQUIRE_SERVICES
from tests.factories import SupportRequestFactory


def snapshot() -> dict:
    """Every model's row count, and the audit log row by row."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    audit_rows = list(
        apps.get_model("peersupport", "AuditEvent")
        .objects.order_by("pk")
        .values_list("pk", "at", "actor_id", "action", "object_type", "object_id", "outcome")
    )
    return {"counts": counts, "audit": audit_rows}


def wipe() -> None:
    """Drop every table (and with them the triggers), as a lost disk would."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def assert_audit_log_refuses(statement: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def demo_like_data(people):
    for state in ("submitted", "routed", "closed"):
        SupportRequestFactory(requester=people.staff, unit=people.icu, state=state)
    for action in ("read_details", "denied"):
        audit.record(action=action, actor=people.central, object_type="request", object_id="1")


@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_the_data_and_an_append_only_audit_log(tmp_path, demo_like_data):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.fail("pg_dump is required for the PostgreSQL drill")
    before = snapshot()
    assert before["counts"]["support_requests.SupportRequest"] == 3 and len(before["audit"]) >= 2

    path = tmp_path / "drill.backup"
    call_command("backup", "--output", str(path))
    assert path.stat().st_size > 10_000 and oct(path.stat().st_mode)[-3:] == "600"

    wipe()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--yes")

    assert snapshot() == before
    assert_audit_log_refuses("UPDATE peersupport_auditevent SET action = 'forged'")
    assert_audit_log_refuses("DELETE FROM peersupport_auditevent")
    assert snapshot() == before


def test_restore_refuses_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "nothing.dump"), "--yes")


def test_the_drill_runs_on_postgresql_in_ci():
    if REQUIRE_SERVICES:
        assert connection.vendor == "postgresql"
