"""/healthz is liveness only: the process answers, whatever the database is doing."""

from unittest import mock

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query (session, user, SELECT 1) would fail this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


@pytest.mark.django_db
def test_healthz_still_answers_200_when_the_database_is_down(client):
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=Exception("database down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
