"""Sessions are renewed in one UPDATE, at most once a minute when only the expiry would move,
and a deleted session is not revived."""

import datetime

import pytest
import time_machine
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


def test_an_unchanged_session_is_written_again_only_when_a_minute_of_expiry_is_due(
    django_assert_num_queries,
):
    with time_machine.travel("2026-12-01 09:00:00Z", tick=False) as clock:
        session = SessionStore()
        session["signed_in_at"] = 1.0
        session.create()

        clock.shift(datetime.timedelta(seconds=50))
        loaded = SessionStore(session.session_key)
        assert loaded["signed_in_at"] == 1.0  # read as a page reads it
        with django_assert_num_queries(0):
            loaded.save()  # 50 s of idle expiry to gain: not worth a write

        clock.shift(datetime.timedelta(seconds=20))
        loaded = SessionStore(session.session_key)
        assert loaded["signed_in_at"] == 1.0  # read as a page reads it
        with django_assert_num_queries(1):
            loaded.save()
        expiry = Session.objects.get(session_key=session.session_key).expire_date
        assert expiry == loaded.get_expiry_date()

        loaded = SessionStore(session.session_key)
        loaded["signed_in_at"] = 2.0  # changed data is always written
        with django_assert_num_queries(1):
            loaded.save()
