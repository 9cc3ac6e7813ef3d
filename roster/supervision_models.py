"""The supervision record of a peer supporter (kept apart from the roster's other models).

Supporters are supervised by a named person (a psychologist, social worker or chaplain of the
program): who supervises them, when they last checked in, when the next check-in is due, and
notes kept to what the program needs. It holds nothing about any request: no names of people
supported, no events, no content of the support given.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SupervisionRecord(models.Model):
    profile = models.OneToOneField(
        "roster.SupporterProfile", on_delete=models.CASCADE, related_name="supervision"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
    )
    last_check_in_on = models.DateField(_("last check-in"), null=True, blank=True)
    next_due_on = models.DateField(_("next check-in due"), null=True, blank=True)
    notes = models.TextField(
        _("notes"),
        max_length=1000,
        blank=True,
        help_text=_(
            "What the program needs only (e.g. the supervision plan, a training need). "
            "Never anything about a request or the people supported."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "roster"
        indexes = [
            # The overdue flag: records whose next check-in is past, by supervisor.
            models.Index(fields=["supervisor", "next_due_on"], name="supervision_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Supervision of supporter {self.profile_id}"

    @property
    def is_overdue(self) -> bool:
        return self.next_due_on is not None and self.next_due_on < timezone.localdate()
