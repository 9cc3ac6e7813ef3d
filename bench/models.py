from django.db import models
from django.utils import timezone


class BareInsert(models.Model):
    """One row per POST to the bare insert view: the stack's own limit for a one-row write.

    The table exists only where the bench app is installed (`make bench`, the tests), never in
    production.
    """

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"bare insert {self.pk}"
