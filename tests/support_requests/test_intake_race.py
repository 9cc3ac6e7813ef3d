"""Two identical submissions at the same instant (a double click) make one request: the one
statement that reads the intake's checks also locks the person's row until the insert commits."""

import threading

import pytest
from django.db import connection, connections

from support_requests import services
from support_requests.models import SupportRequest
from tests.conftest import service_missing
from tests.support_requests.conftest import intake


@pytest.mark.django_db(transaction=True)
def test_a_double_click_saves_one_request(people):
    if connection.vendor != "postgresql":
        service_missing(
            "the concurrency test needs PostgreSQL (DATABASE_URL=postgres://...): SQLite "
            "serialises every writer, so two threads cannot race there"
        )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(
                services.submit_request(requester=people.staff, intake=intake(people.icu))
            )
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert SupportRequest.objects.filter(requester=people.staff).count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
