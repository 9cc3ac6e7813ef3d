"""Hospital IT with read access to the database, after the retention purge."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from support_requests.models import State
from tests.support_requests.conftest import walk
from tests.support_requests.test_purge_expired import rows_tying


def test_no_join_of_any_table_links_a_purged_request_to_its_requester(client, people):
    """Attack: join the audit log, the outbox, the grants and the sessions to each purged
    request (closed, withdrawn, redirected) looking for the requester's id, email or name."""
    ended = [walk(people, state) for state in (State.CLOSED, State.WITHDRAWN, State.REDIRECTED)]
    client.force_login(people.staff)
    for request in ended:
        client.get(reverse("support_requests:detail", args=[request.pk]))
    call_command(
        "purge_expired",
        "--as-of",
        (timezone.localdate() + datetime.timedelta(days=31)).isoformat(),
    )
    for request in ended:
        assert rows_tying(request.pk, people.staff) == []
        assert not Notification.objects.filter(subject_id=str(request.pk)).exists()
        events = AuditEvent.objects.filter(object_id=str(request.pk))
        assert events.exists() and not events.filter(actor_id=people.staff.pk).exists()
        assert not events.filter(ip__isnull=False, detail__startswith="requester").exists()
