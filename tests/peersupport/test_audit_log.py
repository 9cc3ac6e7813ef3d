import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core import audit
from core.models import AuditAction, AuditEvent


@pytest.mark.django_db
def test_an_audit_row_refuses_update_through_the_model():
    event = audit.record(action=AuditAction.EXPORT, object_type="report", object_id="dashboard")
    event.outcome = "denied"
    with pytest.raises(PermissionError):
        event.save()


@pytest.mark.django_db
def test_an_audit_row_refuses_delete_and_bulk_changes():
    event = audit.record(action=AuditAction.EXPORT, object_type="report", object_id="dashboard")
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="denied")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_the_database_itself_refuses_to_change_or_delete_a_recent_audit_row():
    event = audit.record(action=AuditAction.EXPORT, object_type="report", object_id="dashboard")
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
    audit.record(action=AuditAction.EXPORT, object_type="report", object_id="dashboard")
    assert AuditEvent.objects.count() == 1


# The origin of an audit row: set by middleware for a request, by a signal for a Celery task.


def test_a_committee_service_called_from_a_page_records_the_ip_and_request_id(client, people):
    client.force_login(people.manager)
    response = client.post(
        "/committees/new/",
        {"name": "Wellbeing", "slug": "wellbeing", "purpose": "Staff wellbeing"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(detail="committee created")
    assert event.actor_id == people.manager.pk
    assert event.ip == "10.1.2.3"
    assert len(event.request_id) == 32


def test_each_request_gets_its_own_request_id(client, people):
    client.force_login(people.staff)
    client.get("/requests/triage/")
    client.get("/requests/triage/")
    ids = list(
        AuditEvent.objects.filter(action=AuditAction.DENIED).values_list("request_id", flat=True)
    )
    assert len(ids) == 2 and len(set(ids)) == 2 and all(ids)


@pytest.mark.django_db
def test_a_row_written_outside_a_request_has_no_ip_and_no_request_id():
    event = audit.record(action=AuditAction.EXPORT, object_type="report")
    assert event.ip is None and event.request_id is None


@pytest.mark.django_db
def test_a_celery_task_s_rows_carry_its_task_id_and_the_next_task_starts_clean():
    from celery.signals import task_postrun, task_prerun

    task_prerun.send(sender=None, task_id="task-1234", task=None, args=(), kwargs={})
    inside = audit.record(action=AuditAction.PURGE, object_type="support_request")
    task_postrun.send(sender=None, task_id="task-1234", task=None, args=(), kwargs={})
    after = audit.record(action=AuditAction.PURGE, object_type="support_request")
    assert (inside.ip, inside.request_id) == (None, "task-1234")
    assert after.request_id is None
