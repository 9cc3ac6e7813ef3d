"""One trusted-proxy count decides who the client is: for sign-in limits and for the audit log.

Behind the hospital's proxy every connection comes from the proxy's address; a client can also
write any X-Forwarded-For it likes. The client is the entry TRUSTED_PROXY_COUNT places from the
right (what the hospital's own proxies appended); anything to its left is the client's word.
"""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from core import audit
from core.adapters import AccountAdapter
from core.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
PROXY = "10.0.0.1"
FORGED = "203.0.113.66"  # what an attacker writes at the left of X-Forwarded-For


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "client"),
    [
        # No proxy: the header is the client's own word, the connection is the truth.
        (0, f"{FORGED}", "198.51.100.7", "198.51.100.7"),
        # One proxy: it appended the address it saw; the forged entry is to its left.
        (1, f"{FORGED}, 198.51.100.7", PROXY, "198.51.100.7"),
        # Two proxies: the outer one appended the client, the inner one the outer proxy.
        (2, f"{FORGED}, 198.51.100.7, 10.0.0.2", PROXY, "198.51.100.7"),
        # A request that went around the proxies (fewer entries than proxies): the connection.
        (2, "198.51.100.7", "192.0.2.9", "192.0.2.9"),
        # Garbage where an address should be: never believed.
        (1, "not-an-ip", PROXY, PROXY),
    ],
)
def test_the_client_address_ignores_forged_entries(settings, proxies, forwarded, remote, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert audit.client_ip(request) == client
    assert AccountAdapter().get_client_ip(request) == client


def test_the_audit_ip_is_the_real_client_behind_one_proxy(client, people, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(people.staff)
    client.get("/roster/", HTTP_X_FORWARDED_FOR=f"{FORGED}, 198.51.100.7", REMOTE_ADDR=PROXY)
    assert AuditEvent.objects.get(action="denied").ip == "198.51.100.7"


@pytest.mark.parametrize("proxies", [1, 2])
def test_one_clients_failures_behind_the_proxy_do_not_lock_out_the_others(
    client, people, settings, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    inner = ", 10.0.0.2" if proxies == 2 else ""
    attacker = {"HTTP_X_FORWARDED_FOR": f"{FORGED}, 198.51.100.66{inner}", "REMOTE_ADDR": PROXY}
    nurse = {"HTTP_X_FORWARDED_FOR": f"198.51.100.7{inner}", "REMOTE_ADDR": PROXY}
    for attempt in range(6):
        # The attacker changes the forged entry each time: it does not give them a new bucket.
        attacker["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{attempt}, 198.51.100.66{inner}"
        client.post(LOGIN, {"login": f"x{attempt}@hospital.test", "password": "wrong"}, **attacker)
    blocked = client.post(LOGIN, {"login": "y@hospital.test", "password": "wrong"}, **attacker)
    assert b"Too many failed login attempts" in blocked.content
    response = client.post(LOGIN, {"login": people.staff.email, "password": PASSWORD}, **nurse)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_per_account_lock_stays_whatever_address_the_attempts_come_from(
    client, people, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(6):
        client.post(
            LOGIN,
            {"login": people.staff.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
            REMOTE_ADDR=PROXY,
        )
    client.post(
        LOGIN,
        {"login": people.staff.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
        REMOTE_ADDR=PROXY,
    )
    assert "_auth_user_id" not in client.session
