"""Sign-in through allauth's real forms (Sign-in): lockout, no enumeration, the admin's
login, TOTP codes, and re-authentication before changing email or MFA.

allauth keeps its rate limits in the cache; tests/conftest.py gives every test a LocMem cache
(the dummy cache would switch the limits off). LocMem keeps its data across tests in a process,
so each test here starts from an empty cache.
"""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
WRONG_PASSWORD = "not-the-password-at-all"  # noqa: S105
MISMATCH = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."
# ACCOUNT_RATE_LIMITS["login_failed"] = "…,5/5m/key": five failures per account in five minutes.
ALLOWED_FAILURES = 5
WINDOW = datetime.timedelta(minutes=5)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def errors_of(response) -> list[str]:
    form = response.context["form"]
    return [str(error) for errors in form.errors.values() for error in errors]


# ---- password sign-in ------------------------------------------------------------------------


def test_the_sixth_failed_sign_in_locks_the_account_even_with_the_right_password(client, people):
    email = people.staff.email
    for _ in range(ALLOWED_FAILURES):
        response = sign_in(client, email, WRONG_PASSWORD)
        assert response.status_code == 200 and errors_of(response) == [MISMATCH]
    locked = sign_in(client, email, PASSWORD)
    assert locked.status_code == 200
    assert errors_of(locked) == [TOO_MANY]
    assert not signed_in(client)


def test_the_lock_lifts_after_five_minutes(client, people):
    email = people.staff.email
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(ALLOWED_FAILURES):
            sign_in(client, email, WRONG_PASSWORD)
        traveller.shift(WINDOW - datetime.timedelta(seconds=30))
        assert errors_of(sign_in(client, email, PASSWORD)) == [TOO_MANY]
        traveller.shift(datetime.timedelta(seconds=31))
        response = sign_in(client, email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_is_per_account(client, people):
    for _ in range(ALLOWED_FAILURES + 1):
        sign_in(client, people.staff.email, WRONG_PASSWORD)
    response = sign_in(client, people.supporter.email, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_a_successful_sign_in_does_not_reset_the_failures_before_it(client, people):
    # allauth rolls back only the successful attempt's own use of the limit.
    email = people.staff.email
    for _ in range(ALLOWED_FAILURES - 1):
        sign_in(client, email, WRONG_PASSWORD)
    assert sign_in(client, email, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    sign_in(client, email, WRONG_PASSWORD)  # the fifth failure
    assert errors_of(sign_in(client, email, PASSWORD)) == [TOO_MANY]


def test_an_unknown_account_and_a_wrong_password_get_the_same_answer(client, people):
    known = sign_in(client, people.staff.email, WRONG_PASSWORD)
    unknown = sign_in(client, "nobody-here@hospital.test", WRONG_PASSWORD)
    assert known.status_code == unknown.status_code == 200
    assert errors_of(known) == errors_of(unknown) == [MISMATCH]
    # ... and the lock answers the same for both once the limit is reached.
    for _ in range(ALLOWED_FAILURES - 1):
        sign_in(client, people.staff.email, WRONG_PASSWORD)
        sign_in(client, "nobody-here@hospital.test", WRONG_PASSWORD)
    known = sign_in(client, people.staff.email, WRONG_PASSWORD)
    unknown = sign_in(client, "nobody-here@hospital.test", WRONG_PASSWORD)
    assert known.status_code == unknown.status_code == 200
    assert errors_of(known) == errors_of(unknown) == [TOO_MANY]


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, people):
    known = client.post("/accounts/password/reset/", {"email": people.staff.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody-here@hospital.test"})
    assert known.status_code == unknown.status_code
    assert known.get("Location") == unknown.get("Location")


# ---- the Django admin's login ----------------------------------------------------------------


def test_the_admin_login_sends_everyone_to_allauth(client, people):
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # Posting credentials straight to the admin's own form signs nobody in.
    posted = client.post(
        "/admin/login/", {"username": people.superuser.email, "password": PASSWORD}
    )
    assert posted.status_code == 302 and posted["Location"].startswith(LOGIN)
    assert not signed_in(client)


def test_the_admin_login_wrapper_itself_redirects_to_allauth(rf, people):
    # Independently of our sign-in-everywhere middleware: the admin's login view is wrapped.
    from django.contrib import admin
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/admin/login/")
    request.user = AnonymousUser()
    request.session = {}
    response = admin.site.login(request)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_signed_in_person_who_is_not_admin_staff_is_refused_by_the_admin_login(client, people):
    client.force_login(people.manager)
    assert client.get("/admin/login/").status_code == 403


def test_a_locked_account_cannot_reach_the_admin_either(client, people):
    for _ in range(ALLOWED_FAILURES):
        sign_in(client, people.superuser.email, WRONG_PASSWORD)
    response = client.post(
        f"{LOGIN}?next=/admin/", {"login": people.superuser.email, "password": PASSWORD}
    )
    assert errors_of(response) == [TOO_MANY]
    assert client.get("/admin/").status_code == 302


# ---- TOTP ------------------------------------------------------------------------------------


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def a_wrong_code(secret: str) -> str:
    """A code that is valid in no step of the tolerance window."""
    valid = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in valid)


@pytest.fixture
def lead_with_totp(people):
    secret = generate_totp_secret()
    TOTP.activate(people.icu_lead, secret)
    return people.icu_lead, secret


def test_a_lead_with_totp_signs_in_in_two_steps(client, lead_with_totp):
    lead, secret = lead_with_totp
    response = sign_in(client, lead.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302 and signed_in(client)


def test_wrong_totp_codes_count_and_the_sixth_attempt_is_refused_even_with_the_right_code(
    client, lead_with_totp
):
    # allauth's MFA stage uses the same "login_failed" limit, keyed per user
    # (allauth.mfa.base.internal.flows.check_rate_limit): 5 per 5 minutes here.
    lead, secret = lead_with_totp
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client, lead.email, PASSWORD)
        for _ in range(ALLOWED_FAILURES):
            wrong = client.post(reverse("mfa_authenticate"), {"code": a_wrong_code(secret)})
            assert wrong.status_code == 200
            assert errors_of(wrong) == ["Incorrect code."]
        refused = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert refused.status_code == 200 and errors_of(refused) == [TOO_MANY]
        assert not signed_in(client)
        # The limit lifts with the window; the stage itself has its own timeout, so start over.
        traveller.shift(WINDOW + datetime.timedelta(seconds=1))
        client.cookies.clear()
        sign_in(client, lead.email, PASSWORD)
        done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302 and signed_in(client)


# ---- re-authentication -----------------------------------------------------------------------
# allauth counts only an explicit re-authentication (not the sign-in itself) and trusts it for
# ACCOUNT_REAUTHENTICATION_TIMEOUT (300 s): changing email or MFA always asks for the password.

REAUTHENTICATE = "/accounts/reauthenticate/"


def test_adding_an_email_address_asks_for_the_password_again(client, people):
    assert sign_in(client, people.staff.email, PASSWORD).status_code == 302
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new-address@hospital.test"}
    )
    assert response.status_code == 302 and response["Location"].startswith(REAUTHENTICATE)
    assert not people.staff.emailaddress_set.filter(email="new-address@hospital.test").exists()


def test_setting_up_mfa_asks_for_the_password_again_and_trusts_it_for_five_minutes(client, people):
    activate = reverse("mfa_activate_totp")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert sign_in(client, people.icu_lead.email, PASSWORD).status_code == 302
        asked = client.get(activate)
        assert asked.status_code == 302 and asked["Location"].startswith(REAUTHENTICATE)
        wrong = client.post(REAUTHENTICATE, {"password": WRONG_PASSWORD})
        assert wrong.status_code == 200
        assert client.get(activate).status_code == 302
        assert client.post(REAUTHENTICATE, {"password": PASSWORD}).status_code == 302
        assert client.get(activate).status_code == 200
        traveller.shift(datetime.timedelta(minutes=5, seconds=1))
        stale = client.get(activate)
    assert stale.status_code == 302 and stale["Location"].startswith(REAUTHENTICATE)


def test_the_email_check_comes_from_account_reauthentication_required(client, people, settings):
    # The control: with the setting off, the same request adds the address at once.
    settings.ACCOUNT_REAUTHENTICATION_REQUIRED = False
    assert sign_in(client, people.staff.email, PASSWORD).status_code == 302
    client.post("/accounts/email/", {"action_add": "", "email": "new-address@hospital.test"})
    assert people.staff.emailaddress_set.filter(email="new-address@hospital.test").exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.test/", "//evil.test/", "/\\evil.test/", "https:evil.test"]
)
def test_signing_in_never_redirects_off_site(client, people, next_url):
    response = client.post(
        f"{LOGIN}?next={next_url}", {"login": people.staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/", response["Location"]


def test_signing_in_follows_a_next_page_on_this_site(client, people):
    # The control for the test above: `next` is read from the sign-in URL.
    response = client.post(
        f"{LOGIN}?next=/roster/me/", {"login": people.staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/roster/me/"


def test_the_reset_mail_for_an_unknown_address_says_nothing_of_sign_up_while_it_is_closed(
    client, db, settings, mailoutbox
):
    settings.PEERSUPPORT_SIGNUP_EMAIL_DOMAIN = ""
    client.post("/accounts/password/reset/", {"email": "nobody-here@hospital.test"})
    (message,) = mailoutbox
    assert "/accounts/signup/" not in message.body and "sign up" not in message.body.lower()
    assert "create an account" not in message.body


def test_the_reset_mail_for_an_unknown_address_links_to_sign_up_when_it_is_open(
    client, db, settings, mailoutbox
):
    settings.PEERSUPPORT_SIGNUP_EMAIL_DOMAIN = "hospital.test"
    client.post("/accounts/password/reset/", {"email": "nobody-here@hospital.test"})
    (message,) = mailoutbox
    assert "/accounts/signup/" in message.body
