"""Sign-in rules: MFA for leads, session lifetimes, deactivation."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

LEADS = ["icu_lead", "central", "manager", "chair"]
NOT_LEADS = ["staff", "supporter", "sponsor", "education"]


@pytest.mark.parametrize("role", LEADS)
def test_a_lead_without_mfa_is_sent_to_mfa_setup_from_every_page(client, people, settings, role):
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = True
    client.force_login(people.by_role()[role])
    for path in ("/", reverse("support_requests:mine"), reverse("reports:dashboard")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("mfa_activate_totp")), path
    # The set-up page itself is reachable (allauth first asks a forced login to re-authenticate).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")


@pytest.mark.parametrize("role", NOT_LEADS)
def test_mfa_is_offered_but_not_forced_on_other_roles(client, people, settings, role):
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = True
    client.force_login(people.by_role()[role])
    assert client.get("/").status_code == 200


def test_a_session_ends_after_31_idle_minutes(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.staff)
        assert client.get("/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the idle timer
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_ends_after_12_hours_however_active(client, people):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(people.staff)
        client.get("/")
        for _ in range(26):  # a request every 28 minutes for just over 12 hours
            traveller.shift(datetime.timedelta(minutes=28))
            response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deactivating_a_user_ends_their_session_at_once(client, people):
    client.force_login(people.staff)
    assert client.get("/").status_code == 200
    people.staff.is_active = False
    people.staff.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logout_ends_the_session(client, people):
    client.force_login(people.staff)
    client.post(reverse("account_logout"))
    assert client.get("/").status_code == 302
