"""Project-wide models: the user, the append-only audit log and the notification outbox."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A hospital employee. Email is the sign-in; there is no username."""

    username = None
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    # The language of the interface and of every notice to this person; empty until they choose.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, blank=True, default="", db_default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email


class AuditAction(models.TextChoices):
    READ_DETAILS = "read_details", "Read request details"
    STATE_CHANGE = "state_change", "Changed state"
    EXPORT = "export", "Exported"
    DENIED = "denied", "Access denied"
    # Written by a database trigger for every change of a role row, whatever path made it.
    ROLE_CHANGE = "role_change", "Changed a role"
    # Written by the services that ask for, confirm, refuse and end roles (who did it).
    ROLE_GRANT = "role_grant", "Granted or removed a role"
    ADMIN_VIEW = "admin_view", "Opened an admin page"
    IMPORT = "import", "Imported"
    PURGE = "purge", "Purged"


class AuditOutcome(models.TextChoices):
    OK = "ok", "Allowed"
    DENIED = "denied", "Denied"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One audited event. Never free text: actor, action, object, time, IP, request id, outcome.

    Rows refuse update and delete here, and a database trigger (migration 0002) refuses them
    below the ORM too, except deleting rows past the retention period (6 years).
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    # A short code of what happened within the action (e.g. "triaged -> routed"); never free text.
    detail = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The HTTP request's id (one per request) or the Celery task's id: rows of one action share it.
    # Nullable so the column is added in place: SQLite keeps the append-only triggers.
    request_id = models.CharField(max_length=64, null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.OK)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The chair's access-log view filters by object ("who read this request?").
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class Notification(models.Model):
    """The outbox: a notice is a row first, committed with the change that caused it.

    A task sends it after commit; if the broker is down, the periodic sweep sends it when the
    broker is back. A sender claims the row (`claimed_until`, committed) before sending and marks
    it sent after, so no row lock is held while the mail server answers and a second sender
    leaves a claimed notice alone. A failed send waits `next_attempt_at` (doubling each time);
    after too many failures the notice is parked (`parked_at`) and the program managers told. The unique
    constraint is the reminder dedupe: one notice per (subject, recipient, kind,
    occurrence), so running a job twice creates nothing twice.
    """

    recipient = models.ForeignKey("peersupport.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    occurrence = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A sender holds the notice until then; after it (the sender died) another may send it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failed send: not before then (exponential back-off).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set after the last allowed attempt failed: no sender tries it again.
    parked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "recipient", "kind", "occurrence"],
                name="notification_once_per_subject_recipient_kind",
            )
        ]
        indexes = [
            # The outbox sweep: unsent notices, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"
