"""After the purge no table ties an ended request to the person who asked (any end, every copy)."""

import datetime
import uuid

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import User
from support_requests.models import State, SupportRequest
from tests.support_requests.conftest import walk

pytestmark = pytest.mark.django_db

# Nullable columns of a request that are facts kept after the purge; every other nullable column
# must be listed in SupportRequest.PERSONAL_FIELDS.
KEPT_NULLABLE = {
    "routed_unit",
    "triaged_at",
    "assigned_at",
    "accepted_at",
    "first_contact_at",
    "closed_at",
    "purged_at",
    "redirected_at",
    "contact_attempts",
}


def rows_tying(request_id, person) -> list[str]:
    """Every row of every table holding the request's id and the person's id, email or name."""
    ids = {str(request_id), uuid.UUID(str(request_id)).hex}
    words = {person.email, person.first_name, person.last_name}
    found = []
    for model in apps.get_models():
        user_columns = [
            field.attname
            for field in model._meta.concrete_fields
            if (field.is_relation and field.related_model is User) or field.name == "actor_id"
        ]
        for row in model.objects.all().values():
            if model is Session:
                row = {**row, "decoded": Session(**row).get_decoded()}
            text = repr(row)
            if not any(pk in text for pk in ids):
                continue
            if any(row.get(column) == person.pk for column in user_columns) or any(
                word in text for word in words
            ):
                found.append(f"{model._meta.label}: {text[:200]}")
    return found


def test_after_purge_expired_no_table_ties_a_closed_withdrawn_or_redirected_request_to_its_requester(
    client, people
):
    people.staff.first_name, people.staff.last_name = "Rowena", "Requesterson"
    people.staff.save()
    ended = [walk(people, state) for state in (State.CLOSED, State.WITHDRAWN, State.REDIRECTED)]
    client.force_login(people.staff)
    for support_request in ended:  # the requester looks at each: reads are logged
        client.get(reverse("support_requests:detail", args=[support_request.pk]))
    for support_request in ended:
        assert rows_tying(support_request.pk, people.staff)  # linked before the purge
    last_end = max(
        request.closed_at or request.redirected_at or request.purged_at or request.updated_at
        for request in SupportRequest.objects.filter(pk__in=[r.pk for r in ended])
    )
    as_of = (timezone.localtime(last_end) + datetime.timedelta(days=31)).date()
    call_command("purge_expired", "--as-of", as_of.isoformat())
    for support_request in ended:
        assert rows_tying(support_request.pk, people.staff) == [], support_request.state
        row = SupportRequest.objects.get(pk=support_request.pk)
        assert row.requester_id is None and row.assigned_to_id is None
        assert timezone.localtime(row.submitted_at).time() == datetime.time(0, 0)  # the day only


def test_the_command_waits_for_the_retention_period(people):
    walk(people, State.WITHDRAWN)
    call_command("purge_expired", "--as-of", timezone.localdate().isoformat())
    assert SupportRequest.objects.get().requester_id == people.staff.pk


def test_every_nullable_field_of_a_request_is_either_personal_or_a_kept_fact():
    nullable = {
        field.name
        for field in SupportRequest._meta.concrete_fields
        if field.null and not isinstance(field, models.AutoField)
    }
    unclassified = nullable - set(SupportRequest.PERSONAL_FIELDS) - KEPT_NULLABLE
    assert not unclassified, (
        f"add to SupportRequest.PERSONAL_FIELDS or KEPT_NULLABLE: {unclassified}"
    )
