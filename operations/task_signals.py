"""Celery hooks: the request id travels with a task, and periodic jobs note their outcome.

Connected when Django starts (OperationsConfig.ready). The worker side of the request id is core.audit.bind_task
(task_prerun), which makes it the origin of the task's log lines and audit rows. These are
operational records only; no business rule hangs on a signal.
"""

import logging

from celery import signals

from core.audit import TASK_HEADER, current_origin

logger = logging.getLogger("peersupport.tasks")


@signals.before_task_publish.connect
def carry_request_id(headers=None, **kwargs):
    current = current_origin().request_id
    if current and headers is not None:
        headers[TASK_HEADER] = current


@signals.task_prerun.connect
def log_task_start(task=None, **kwargs):
    logger.info("task started", extra={"task": task.name})


def _record(task, succeeded: bool) -> None:
    task_name = task.name
    if task_name not in {entry["task"] for entry in task.app.conf.beat_schedule.values()}:
        return
    from operations.services import record_job_outcome

    try:
        record_job_outcome(task=task_name, succeeded=succeeded)
    except Exception as error:  # the database is away: the job's own outcome stands
        logger.warning("could not note the outcome of %s: %s", task_name, type(error).__name__)


@signals.task_success.connect
def note_success(sender=None, **kwargs):
    _record(sender, succeeded=True)


@signals.task_failure.connect
def note_failure(sender=None, **kwargs):
    _record(sender, succeeded=False)
