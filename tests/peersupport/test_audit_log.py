import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from peersupport import audit
from peersupport.models import AuditEvent


@pytest.mark.django_db
def test_an_audit_row_refuses_update_through_the_model():
    event = audit.record(action="export", object_type="report", object_id="dashboard")
    event.outcome = "denied"
    with pytest.raises(PermissionError):
        event.save()


@pytest.mark.django_db
def test_an_audit_row_refuses_delete_and_bulk_changes():
    event = audit.record(action="export", object_type="report", object_id="dashboard")
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="denied")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_the_database_itself_refuses_to_change_or_delete_a_recent_audit_row():
    event = audit.record(action="export", object_type="report", object_id="dashboard")
    table = AuditEvent._meta.db_table
    for statement in (
        f"UPDATE {table} SET outcome = 'denied' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).outcome == "ok"
