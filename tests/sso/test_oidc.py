"""Hospital sign-in through a real OpenID Connect provider on 127.0.0.1 (django-oauth-toolkit)."""

import pytest
from allauth.socialaccount.models import SocialAccount

from core.models import AuditEvent, User
from identity.models import Employment
from tests import factories
from tests.sso.signing_in import sign_in_with_sso

PASSWORD = "provider-pass-2026"


@pytest.fixture
def sso(settings, oidc_provider):
    oidc_provider.configure(settings)
    settings.PEERSUPPORT_SSO = {
        **settings.PEERSUPPORT_SSO,
        "UNIT_MAP": {"Intensive Care": "icu", "Emergency Medicine": "ed"},
        "ROLE_TYPE_MAP": {"Registered Nurse": "nurse", "Staff Pharmacist": "pharmacist"},
    }
    return oidc_provider


@pytest.fixture
def units(db):
    return {
        code: factories.UnitFactory(code=code, name=name)
        for code, name in [("icu", "Intensive Care Unit"), ("ed", "Emergency Department")]
    }


def signed_in_email(client) -> str | None:
    response = client.get("/")
    return response.wsgi_request.user.email if response.wsgi_request.user.is_authenticated else None


def test_first_sign_in_creates_the_account_in_its_unit_and_role_type(client, sso, units):
    sso.set_person(
        "ana.ruiz@hospital.test",
        PASSWORD,
        given_name="Ana",
        family_name="Ruiz",
        department="Intensive Care",
        job_role="Registered Nurse",
    )
    assert not User.objects.filter(email="ana.ruiz@hospital.test").exists()

    response = sign_in_with_sso(client, sso, "ana.ruiz@hospital.test", PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="ana.ruiz@hospital.test")
    assert (user.first_name, user.last_name) == ("Ana", "Ruiz")
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).provider == "hospital"
    assert Employment.objects.filter(user=user, unit=units["icu"], role_type="nurse").exists()
    assert signed_in_email(client) == "ana.ruiz@hospital.test"


def test_later_sign_ins_refresh_unit_and_role_type_from_the_provider(client, sso, units):
    sso.set_person("moves@hospital.test", PASSWORD, department="icu", job_role="nurse")
    sign_in_with_sso(client, sso, "moves@hospital.test", PASSWORD)
    client.logout()
    sso.set_person(
        "moves@hospital.test",
        PASSWORD,
        department="Emergency Medicine",
        job_role="Staff Pharmacist",
    )

    sign_in_with_sso(client, sso, "moves@hospital.test", PASSWORD)

    employment = Employment.objects.get(user__email="moves@hospital.test")
    assert (employment.unit, employment.role_type) == (units["ed"], "pharmacist")
    assert User.objects.filter(email="moves@hospital.test").count() == 1


def test_an_unknown_department_keeps_the_unit_the_person_had(client, sso, units):
    sso.set_person("keeps@hospital.test", PASSWORD, department="icu", job_role="nurse")
    sign_in_with_sso(client, sso, "keeps@hospital.test", PASSWORD)
    client.logout()
    sso.set_person("keeps@hospital.test", PASSWORD, department="Renamed Ward", job_role="Wizard")

    sign_in_with_sso(client, sso, "keeps@hospital.test", PASSWORD)

    employment = Employment.objects.get(user__email="keeps@hospital.test")
    assert (employment.unit, employment.role_type) == (units["icu"], "nurse")


def test_an_existing_account_is_linked_by_its_email_on_first_sso_sign_in(client, sso, units):
    existing = factories.UserFactory(email="known@hospital.test")
    sso.set_person("known@hospital.test", PASSWORD, department="ed")

    sign_in_with_sso(client, sso, "known@hospital.test", PASSWORD)

    assert signed_in_email(client) == "known@hospital.test"
    assert SocialAccount.objects.get(user=existing).provider == "hospital"
    assert Employment.objects.get(user=existing).unit == units["ed"]


def test_sign_out_ends_the_sso_session(client, sso, units):
    sso.set_person("leaves@hospital.test", PASSWORD)
    sign_in_with_sso(client, sso, "leaves@hospital.test", PASSWORD)
    assert signed_in_email(client) == "leaves@hospital.test"

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert signed_in_email(client) is None
    assert client.get("/requests/mine/").status_code == 302


def test_a_disabled_account_is_refused_even_when_the_provider_vouches(client, sso, units):
    sso.set_person("disabled@hospital.test", PASSWORD, department="icu")
    sign_in_with_sso(client, sso, "disabled@hospital.test", PASSWORD)
    client.logout()
    User.objects.filter(email="disabled@hospital.test").update(is_active=False)

    response = sign_in_with_sso(client, sso, "disabled@hospital.test", PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/accounts/inactive/"
    assert signed_in_email(client) is None


def test_a_wrong_password_at_the_provider_signs_nobody_in(client, sso, units):
    sso.set_person("guess@hospital.test", PASSWORD)

    assert sign_in_with_sso(client, sso, "guess@hospital.test", "wrong-guess") is None

    assert signed_in_email(client) is None
    assert not User.objects.filter(email="guess@hospital.test").exists()


def test_a_forged_callback_signs_nobody_in(client, sso, units):
    client.post("/accounts/oidc/hospital/login/")

    response = client.get("/accounts/oidc/hospital/login/callback/?code=forged&state=forged")

    assert signed_in_email(client) is None
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not User.objects.exists()


def test_a_provider_saying_disabled_makes_a_leaver_and_refuses_the_sign_in(
    client, sso, units, settings
):
    settings.PEERSUPPORT_SSO = {**settings.PEERSUPPORT_SSO, "ACTIVE_CLAIM": "account_enabled"}
    sso.set_person("quits@hospital.test", PASSWORD, department="icu", account_enabled=True)
    sign_in_with_sso(client, sso, "quits@hospital.test", PASSWORD)
    client.logout()
    sso.set_person("quits@hospital.test", PASSWORD, department="icu", account_enabled=False)

    response = sign_in_with_sso(client, sso, "quits@hospital.test", PASSWORD)

    assert response["Location"] == "/accounts/inactive/"
    assert signed_in_email(client) is None
    assert not User.objects.get(email="quits@hospital.test").is_active
    assert AuditEvent.objects.filter(detail="deactivated: sso_disabled").count() == 1


def test_a_first_sign_in_the_provider_says_is_disabled_creates_nothing(
    client, sso, units, settings
):
    settings.PEERSUPPORT_SSO = {**settings.PEERSUPPORT_SSO, "ACTIVE_CLAIM": "account_enabled"}
    sso.set_person("never@hospital.test", PASSWORD, account_enabled="false")

    response = sign_in_with_sso(client, sso, "never@hospital.test", PASSWORD)

    assert response["Location"] == "/accounts/inactive/"
    assert not User.objects.filter(email="never@hospital.test").exists()


def test_a_lead_made_by_sso_can_always_reach_the_mfa_set_up(client, sso, units, settings):
    # No password to confirm with: right after the hospital sign-in the set-up opens (allauth
    # alone answered 403 here); later, "confirm it's you" is a new hospital sign-in.
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = True
    factories.LocalLeadFactory(unit=units["icu"], user__email="lead@hospital.test")
    sso.set_person("lead@hospital.test", PASSWORD)
    sign_in_with_sso(client, sso, "lead@hospital.test", PASSWORD)

    assert client.get("/")["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200

    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()
    again = client.get("/accounts/2fa/totp/activate/")
    assert (
        again["Location"]
        == "/accounts/oidc/hospital/login/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    sign_in_with_sso(client, sso, "lead@hospital.test", PASSWORD, start=again["Location"])
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
