"""Sessions are renewed on every request in one UPDATE, and a deleted session is not revived."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_renewed_in_one_statement(django_assert_num_queries):
    session = SessionStore()
    session["signed_in_at"] = 1.0
    session.create()
    session["signed_in_at"] = 2.0
    with django_assert_num_queries(1):
        session.save()
    assert SessionStore(session.session_key).load()["signed_in_at"] == 2.0


def test_a_session_deleted_meanwhile_is_not_recreated_by_a_renewal():
    session = SessionStore()
    session["signed_in_at"] = 1.0
    session.create()
    Session.objects.filter(session_key=session.session_key).delete()
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.filter(session_key=session.session_key).exists()
