"""Task conventions: tasks take ids, are queued after commit, and a broker outage loses nothing.

`enqueue_on_commit` is the only way the application queues work. If the broker cannot be reached,
the error is logged (without arguments beyond ids) and the work stays recorded in the database,
where a periodic sweep picks it up once the broker is back.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_now(task, *ids) -> bool:
    """Send a task to the broker now; False (and a log line) when the broker is unreachable."""
    try:
        task.apply_async(args=ids, retry=False)
    except Exception as error:  # the broker is down or unreachable: the sweep will resend
        logger.warning(
            "Could not queue %s (%s); it will be retried by the sweep.",
            task.name,
            type(error).__name__,
        )
        return False
    return True


def enqueue_on_commit(task, *ids) -> None:
    """Queue `task(*ids)` once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: enqueue_now(task, *ids))
