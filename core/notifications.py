"""Notices by email, through the outbox (core.models.Notification).

A notice never carries request details (SPEC 2.4): each kind has a fixed subject and message, and a
link to a page that requires sign-in. Apps register their kinds in their `notices.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoticeKind:
    subject: str
    # Fixed words, or a function returning them from the settings at sending time (a contact
    # number the program configures); never from the subject.
    message: str | Callable[[], str]
    link: Callable[[str], str]
    # Returns (filename, content, mimetype) triples, e.g. an .ics invitation. Never request details.
    attachments: Callable[[object], list[tuple[str, str, str]]] | None = None


KINDS: dict[str, NoticeKind] = {}


def register(
    kind: str, *, subject: str, message: str, link: Callable[[str], str], attachments=None
) -> None:
    KINDS[kind] = NoticeKind(subject=subject, message=message, link=link, attachments=attachments)


def notify(*, recipient, kind: str, subject_type: str, subject_id, occurrence: str = ""):
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


def deliver(notification_id: int) -> bool:
    """Send one notice if it is still unsent; True if this call sent it."""
    from core.models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at is not None:
            return False
        kind = KINDS[notification.kind]
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
            return False
        link = settings.SITE_URL + kind.link(notification.subject_id)
        message = kind.message() if callable(kind.message) else kind.message
        body = render_to_string(
            "emails/notification.txt",
            {"message": message, "link": link, "recipient": recipient},
        )
        email = EmailMultiAlternatives(
            subject=f"[Peer Support] {kind.subject}", body=body, to=[recipient.email]
        )
        if kind.attachments is not None:
            for filename, content, mimetype in kind.attachments(notification):
                email.attach(filename, content, mimetype)
        email.send()
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["sent_at", "attempts"])
    return True


def deliver_pending(limit: int = 500) -> int:
    """Send every unsent notice (the outbox sweep). Returns how many were sent."""
    from core.models import Notification

    sent = 0
    for notification_id in (
        Notification.objects.filter(sent_at__isnull=True)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    ):
        try:
            sent += deliver(notification_id)
        except Exception:
            logger.exception("Sending notice %s failed; it stays in the outbox.", notification_id)
    return sent
