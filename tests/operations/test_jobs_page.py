"""The program manager sees when each scheduled job last succeeded; the worker writes it."""

import pytest

from core.tasks import dispatch_pending_notifications, send_notification
from operations import task_signals
from operations.models import JobRun
from operations.services import record_job_outcome

SWEEP = "core.tasks.dispatch_pending_notifications"


@pytest.mark.django_db
def test_the_program_manager_sees_each_job_with_its_last_success(
    client, people, django_assert_max_num_queries
):
    record_job_outcome(task=SWEEP, succeeded=True)
    record_job_outcome(task="support_requests.tasks.escalate_unassigned", succeeded=False)
    client.force_login(people.manager)
    with django_assert_max_num_queries(12):
        response = client.get("/operations/jobs/", secure=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "outbox-sweep" in page and "requests-retention-purge" in page
    assert page.count("Failing") == 1
    assert "Not run yet" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "central", "chair", "sponsor", "supporter"])
def test_other_roles_may_not_open_the_job_page(client, people, role):
    client.force_login(getattr(people, role))
    assert client.get("/operations/jobs/", secure=True).status_code == 403


@pytest.mark.django_db
def test_the_worker_notes_success_and_failure_of_periodic_jobs_only():
    task_signals.note_success(sender=dispatch_pending_notifications)
    task_signals.note_failure(sender=dispatch_pending_notifications)
    task_signals.note_success(sender=send_notification)  # not a periodic job: not noted
    run = JobRun.objects.get()
    assert run.task == SWEEP
    assert run.last_success_at and run.last_failure_at >= run.last_success_at


@pytest.mark.django_db
def test_the_program_manager_finds_the_job_page_from_home(client, people):
    client.force_login(people.manager)
    assert 'href="/operations/jobs/"' in client.get("/", secure=True).content.decode()
