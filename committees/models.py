"""Committees, their members and meetings (SPEC 3.4)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Committee(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    purpose = models.TextField(blank=True)
    is_standing = models.BooleanField(
        default=False, help_text="Created with the program; cannot be removed."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    MEMBER = "member", "Member"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    role = models.CharField(
        max_length=16, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    since = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.committee})"
