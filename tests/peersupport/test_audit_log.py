import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core import audit
from core.models import AuditEvent


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


def test_a_denied_page_writes_one_denied_event_that_survives_the_rollback(client, people):
    client.force_login(people.staff)
    assert client.get("/requests/triage/").status_code == 403
    events = AuditEvent.objects.filter(action="denied")
    assert [(e.actor_id, e.object_type, e.object_id, e.outcome) for e in events] == [
        (people.staff.pk, "page", "requests.triage", "denied")
    ]


def test_a_request_someone_may_not_see_writes_one_denied_event(client, people):
    from tests.factories import SupportRequestFactory

    hidden = SupportRequestFactory(requester=people.staff, unit=people.icu)
    client.force_login(people.sponsor)
    assert client.get(f"/requests/{hidden.pk}/").status_code == 404
    assert (
        AuditEvent.objects.filter(
            action="denied", object_id=str(hidden.pk), actor_id=people.sponsor.pk
        ).count()
        == 1
    )
    assert hidden.details not in "".join(str(e) for e in AuditEvent.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_write_audit_rows_and_still_be_flushed():
    # The flush after this test must get past the six-year trigger (tests/conftest.py).
    audit.record(action="export", object_type="report", object_id="dashboard")
    assert AuditEvent.objects.count() == 1
