"""The program manager opens the scheduled jobs from home and reads which job is failing."""

import pytest

from core.roles import GROUP_FOR_ROLE, Role
from operations.services import record_job_outcome
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, UserFactory


@pytest.mark.browser
def test_the_program_manager_sees_a_failing_job(live_server, transactional_db, page):
    UserFactory(email="manager@hospital.test", roles=[GROUP_FOR_ROLE[Role.PROGRAM_MANAGER]])
    record_job_outcome(task="core.tasks.dispatch_pending_notifications", succeeded=True)
    record_job_outcome(task="support_requests.tasks.escalate_unassigned", succeeded=False)
    sign_in(page, live_server.url, "manager@hospital.test", PASSWORD)

    page.get_by_role("link", name="Scheduled jobs").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Scheduled jobs"
    failing = page.locator("tr", has=page.locator("th", has_text="requests-escalate-unassigned"))
    assert "Failing" in failing.inner_text()
    sweep = page.locator("tr", has=page.locator("th", has_text="outbox-sweep"))
    assert "OK" in sweep.inner_text()
    assert_accessible(page, "scheduled jobs")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "scheduled jobs on a phone")
