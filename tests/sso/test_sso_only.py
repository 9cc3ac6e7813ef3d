"""SSO-only mode: the sign-in page offers the hospital's account only and refuses passwords."""

import pytest

from tests import factories
from tests.factories import PASSWORD
from tests.sso.signing_in import sign_in_with_sso


@pytest.fixture
def sso_only(settings, oidc_provider):
    oidc_provider.configure(settings)
    settings.PEERSUPPORT_SSO = {**settings.PEERSUPPORT_SSO, "ONLY": True}
    return oidc_provider


def is_signed_in(client) -> bool:
    return client.get("/").wsgi_request.user.is_authenticated


def test_the_sign_in_page_shows_no_password_form(client, sso_only, db):
    body = client.get("/accounts/login/").content.decode()

    assert 'name="password"' not in body
    assert "Hospital sign-in" in body


@pytest.mark.parametrize("password", [PASSWORD, "a-wrong-guess-2026"])
def test_a_posted_password_is_refused_alike_right_or_wrong(client, sso_only, password, db):
    factories.UserFactory(email="nurse@hospital.test")

    response = client.post(
        "/accounts/login/", {"login": "nurse@hospital.test", "password": password}
    )

    assert response.status_code == 200
    assert "passwords are off" in response.content.decode()
    assert not is_signed_in(client)


def test_hospital_sign_in_still_works(client, sso_only, db):
    sso_only.set_person("only@hospital.test", "provider-pass-2026")

    sign_in_with_sso(client, sso_only, "only@hospital.test", "provider-pass-2026")

    assert is_signed_in(client)


def test_passwords_work_when_sso_only_is_off(client, db):
    factories.UserFactory(email="nurse@hospital.test")

    client.post("/accounts/login/", {"login": "nurse@hospital.test", "password": PASSWORD})

    assert is_signed_in(client)
