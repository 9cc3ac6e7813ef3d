"""Celery hooks: the request id travels with a task, and periodic jobs note their outcome.

Connected by peersupport/celery.py. These are operational records only; no business rule hangs
on a signal.
"""

import logging

from celery import signals

from operations import request_context

logger = logging.getLogger("peersupport.tasks")
HEADER = "peersupport_request_id"


@signals.before_task_publish.connect
def carry_request_id(headers=None, **kwargs):
    current = request_context.request_id.get()
    if current and headers is not None:
        headers[HEADER] = current


@signals.task_prerun.connect
def adopt_request_id(task=None, **kwargs):
    carried = task.request.get(HEADER) or (task.request.headers or {}).get(HEADER)
    task.request.peersupport_context_token = request_context.request_id.set(
        carried or request_context.new_request_id()
    )
    logger.info("task started", extra={"task": task.name})


@signals.task_postrun.connect
def drop_request_id(task=None, **kwargs):
    token = getattr(task.request, "peersupport_context_token", None)
    if token is not None:
        request_context.request_id.reset(token)


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
