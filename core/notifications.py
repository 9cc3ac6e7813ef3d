"""Notices by email, through the outbox (core.models.Notification).

A notice never carries request details: each kind has a fixed subject and message, and a
link to a page that requires sign-in. Apps register their kinds in their `notices.py`, with the
words marked for translation (gettext_lazy): a notice is composed when it is sent, in the
recipient's language (core.language), .ics attachments included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connections, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.conf import program_text
from core.language import in_language_of
from core.models import User

if TYPE_CHECKING:
    from core.models import Notification

logger = logging.getLogger(__name__)


Words = str | Promise  # a lazy translation, made a string in the recipient's language


@dataclass(frozen=True)
class NoticeKind:
    subject: Words
    # Fixed words, or a function returning them from the settings at sending time (a contact
    # number the program configures); never from the subject.
    message: Words | Callable[[], str]
    link: Callable[[str], str]
    # Returns (filename, content, mimetype) triples, e.g. an .ics invitation. Never request details.
    attachments: Callable[[object], list[tuple[str, str, str]]] | None = None


KINDS: dict[str, NoticeKind] = {}


def register(
    kind: str,
    *,
    subject: Words,
    message: Words | Callable[[], str],
    link: Callable[[str], str],
    attachments: Callable[[Any], list[tuple[str, str, str]]] | None = None,
) -> None:
    KINDS[kind] = NoticeKind(subject=subject, message=message, link=link, attachments=attachments)


def notify(
    *, recipient: User, kind: str, subject_type: str, subject_id: object, occurrence: str = ""
) -> Notification | None:
    """Record a notice in the outbox and queue its sending after commit.

    Idempotent: a second call for the same (subject, recipient, kind, occurrence) does nothing.
    Returns the new Notification, or None if it already existed.
    """
    from core.models import Notification
    from core.queue import enqueue_on_commit
    from core.tasks import send_notification

    if kind not in KINDS:
        raise KeyError(f"Unknown notice kind {kind!r}")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject_type=subject_type,
                subject_id=str(subject_id),
                occurrence=occurrence,
            )
    except IntegrityError:
        return None
    enqueue_on_commit(send_notification, notification.pk)
    return notification


def notify_about_new(
    *, recipients: Iterable[User], kind: str, subject_type: str, subject_id: object
) -> list[Notification]:
    """notify() for a subject created in the current transaction, to several people at once.

    Nobody can have been told about a subject that did not exist, so the outbox's unique
    constraint cannot be hit: every notice goes in one INSERT (not one savepoint and INSERT per
    recipient) and each is queued after commit, as notify() does.
    """
    from core.models import Notification
    from core.queue import enqueue_on_commit
    from core.tasks import send_notification

    if kind not in KINDS:
        raise KeyError(f"Unknown notice kind {kind!r}")
    if (
        isinstance(recipients, QuerySet)
        and connections[recipients.db].features.can_return_columns_from_insert
    ):
        notifications = _insert_for_each(
            recipients, kind=kind, subject_type=subject_type, subject_id=subject_id
        )
        for notification in notifications:
            enqueue_on_commit(send_notification, notification.pk)
        return notifications
    people = {recipient.pk: recipient for recipient in recipients}
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=recipient, kind=kind, subject_type=subject_type, subject_id=str(subject_id)
        )
        for recipient in people.values()
    )
    for notification in notifications:
        enqueue_on_commit(send_notification, notification.pk)
    return notifications


def _insert_for_each(
    recipients: QuerySet, *, kind: str, subject_type: str, subject_id: object
) -> list[Notification]:
    """One INSERT ... SELECT ... RETURNING: a notice for each person the queryset selects, without
    reading them first (the intake's central leads were a SELECT of their own before)."""
    from core.models import Notification

    connection = connections[recipients.db]
    quote = connection.ops.quote_name
    meta = Notification._meta
    names = (
        "recipient",
        "kind",
        "subject_type",
        "subject_id",
        "occurrence",
        "created_at",
        "attempts",
    )
    column_of = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in names)
    people, people_params = recipients.order_by().values("pk").distinct().query.sql_with_params()
    created_at = timezone.now()
    # Identifiers come from the model's options, every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT people.*, %s, %s, %s, %s, %s, %s FROM ({people}) people "
        f"RETURNING {quote(column_of['id'])}, {quote(column_of['recipient'])}"
    )
    stamp = connection.ops.adapt_datetimefield_value(created_at)
    values = [kind, subject_type, str(subject_id), "", stamp, 0]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *people_params])
        rows = cursor.fetchall()
    return [
        Notification(
            pk=pk,
            recipient_id=recipient_id,
            kind=kind,
            subject_type=subject_type,
            subject_id=str(subject_id),
            created_at=created_at,
        )
        for pk, recipient_id in rows
    ]


class NoticeBusy(Exception):
    """Another sender holds this notice; it may try again after `seconds` (its claim lapses)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"claimed for {seconds:.0f} more seconds")
        self.seconds = seconds


def deliver(notification_id: int) -> bool:
    """Send one notice if it is due and unsent; True if this call sent it.

    Claim, commit, send, mark sent: no row lock is held while the mail server answers. A notice
    another sender holds raises NoticeBusy; a failed send is recorded (back-off, then parking)
    and the error raised again.
    """
    from core.models import Notification

    notification = _claim(notification_id)
    if notification is None:
        return False
    try:
        _compose(notification).send()
    except Exception:
        _record_failure(notification_id)
        raise
    Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), claimed_until=None
    )
    return True


def _claim(notification_id: int) -> Notification | None:
    """Take the notice for one attempt (committed before sending); None if there is nothing to send."""
    from core.models import Notification

    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at or notification.parked_at:
            return None
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return None  # backing off: the sweep sends it when it is due
        if notification.claimed_until and notification.claimed_until > now:
            raise NoticeBusy((notification.claimed_until - now).total_seconds())
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            notification.sent_at = now
            notification.save(update_fields=["sent_at"])
            return None
        notification.claimed_until = now + timedelta(
            seconds=settings.PEERSUPPORT_NOTICE_CLAIM_SECONDS
        )
        notification.attempts += 1
        notification.save(update_fields=["claimed_until", "attempts"])
    return notification


def _compose(notification: Notification) -> EmailMultiAlternatives:
    kind = KINDS[notification.kind]
    recipient = notification.recipient
    link = settings.SITE_URL + kind.link(notification.subject_id)
    with in_language_of(recipient):
        message = kind.message() if callable(kind.message) else str(kind.message)
        body = render_to_string(
            "emails/notification.txt",
            {
                "message": message,
                "link": link,
                "recipient": recipient,
                "crisis_line": program_text("CRISIS_LINE"),
                "crisis_note": program_text("CRISIS_LINE_NOTE"),
            },
        )
        program = gettext("Peer Support")
        email = EmailMultiAlternatives(
            subject=f"[{program}] {kind.subject}", body=body, to=[recipient.email]
        )
        if kind.attachments is not None:
            for filename, content, mimetype in kind.attachments(notification):
                email.attach(filename, content, mimetype)
    return email


def _record_failure(notification_id: int) -> None:
    """Release the claim and wait longer before the next attempt, or park the notice."""
    from core.models import Notification

    now = timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        notification.claimed_until = None
        if notification.attempts >= settings.PEERSUPPORT_NOTICE_MAX_ATTEMPTS:
            notification.parked_at = now
            if notification.kind != PARKED_KIND:  # a parked alert does not alert again
                _alert_program_managers(notification)
        else:
            delay = settings.PEERSUPPORT_NOTICE_RETRY_SECONDS * 2 ** (notification.attempts - 1)
            notification.next_attempt_at = now + timedelta(seconds=delay)
        notification.save(update_fields=["claimed_until", "parked_at", "next_attempt_at"])


def _alert_program_managers(parked: Notification) -> None:
    from core.access import program_managers

    logger.error("Notice %s parked after %s failed attempts.", parked.pk, parked.attempts)
    for manager in program_managers():
        notify(
            recipient=manager,
            kind=PARKED_KIND,
            subject_type="notification",
            subject_id=parked.pk,
        )


def deliver_pending(limit: int = 500) -> int:
    """Send every due, unsent, unparked notice (the outbox sweep). Returns how many were sent."""
    from core.models import Notification

    now = timezone.now()
    due = (
        Notification.objects.filter(sent_at__isnull=True, parked_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for notification_id in due:
        try:
            sent += deliver(notification_id)
        except NoticeBusy:
            continue
        except Exception:
            logger.exception("Sending notice %s failed; it stays in the outbox.", notification_id)
    return sent


# The alert to the program managers when a notice is parked: fixed words, nothing of the notice.
PARKED_KIND = "outbox.parked"
register(
    PARKED_KIND,
    subject=_("A notice could not be sent"),
    message=_(
        "A notice from Peer Support could not be delivered after several attempts and has been "
        "set aside. Please ask the site administrator to check the mail settings and send it again."
    ),
    link=lambda subject_id: reverse("home"),
)
