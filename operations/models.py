"""What the operators need to see that the application itself does not keep."""

from django.db import models


class JobRun(models.Model):
    """The last outcome of each periodic job, written by the worker that ran it.

    One row per task name (a handful), so the program manager's job page and the metrics read
    a few rows; nothing about any person is kept here.
    """

    task = models.CharField(max_length=200, unique=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.task
