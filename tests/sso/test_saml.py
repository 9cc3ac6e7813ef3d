"""Hospital sign-in through a real SAML 2.0 identity provider on 127.0.0.1 (pysaml2's IdP).

Our side is allauth's SAML provider (python3-saml, which verifies signatures with xmlsec), set up
by peersupport.settings.saml_provider from the same variables a deployment sets.
"""

import base64
import copy
import re

import pytest
import requests
from django.test import Client

from core.models import User
from identity.models import Employment
from peersupport.settings import saml_provider
from tests import factories

HOST = "peersupport.hospital.test"
PASSWORD = "idp-pass-2026"


def test_the_xmlsec_and_lxml_pair_imports():
    # A mismatched pair fails here with "libxml2 library version mismatch", not at first sign-in.
    import lxml.etree
    import onelogin.saml2.auth
    import xmlsec

    assert onelogin.saml2.auth.OneLogin_Saml2_Auth
    assert xmlsec.constants.TransformRsaSha256
    assert lxml.etree.LIBXML_VERSION


@pytest.fixture
def client():
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def idp(settings, saml_idp, client, db):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": saml_provider(
            {
                "SAML_IDP_ENTITY_ID": saml_idp.entity_id,
                "SAML_IDP_SSO_URL": saml_idp.sso_url,
                "SAML_IDP_X509CERT": saml_idp.certificate_body,
            }
        )
    }
    # Directory attributes as LDAP names them: ou (department) and title.
    settings.PEERSUPPORT_SSO = {
        **settings.PEERSUPPORT_SSO,
        "UNIT_CLAIM": "urn:oid:2.5.4.11",
        "ROLE_TYPE_CLAIM": "urn:oid:2.5.4.12",
        "ROLE_TYPE_MAP": {"Registered Nurse": "nurse"},
    }
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(saml_idp.base_url)
    settings.CONTENT_SECURITY_POLICY = policy
    # The IdP's administrator registers us from our metadata.
    metadata = client.get("/accounts/saml/hospital/metadata/")
    assert metadata.status_code == 200
    saml_idp.trust(metadata.content.decode())
    return saml_idp


@pytest.fixture
def icu(db):
    return factories.UnitFactory(code="icu", name="Intensive Care Unit")


def idp_answer(client, idp, email: str, password: str) -> dict | None:
    """Our sign-in button, then the IdP's sign-in page; returns the form the IdP auto-posts."""
    start = client.post("/accounts/saml/hospital/login/")
    assert start.status_code == 302 and start["Location"].startswith(idp.sso_url)
    browser = requests.Session()
    page = browser.get(start["Location"]).text
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    page = browser.post(idp.sso_url, data={**fields, "username": email, "password": password}).text
    if "Wrong email or password" in page:
        return None
    action = re.search(r'action="([^"]+)"', page)[1]
    assert action == f"http://{HOST}/accounts/saml/hospital/acs/"
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))


def post_to_acs(client, answer: dict):
    """The browser posts the IdP's answer to our assertion consumer service."""
    response = client.post("/accounts/saml/hospital/acs/", answer)
    assert response.status_code == 302
    return client.get(response["Location"])


def is_signed_in(client) -> bool:
    return client.get("/").wsgi_request.user.is_authenticated


def with_xml(answer: dict, change) -> dict:
    xml = base64.b64decode(answer["SAMLResponse"]).decode()
    changed = change(xml)
    assert changed != xml
    return {**answer, "SAMLResponse": base64.b64encode(changed.encode()).decode()}


def test_a_signed_assertion_signs_in_and_creates_the_account(client, idp, icu):
    idp.set_person(
        "sam.lee@hospital.test",
        PASSWORD,
        mail=["sam.lee@hospital.test"],
        givenName=["Sam"],
        sn=["Lee"],
        ou=["icu"],
        title=["Registered Nurse"],
    )
    answer = idp_answer(client, idp, "sam.lee@hospital.test", PASSWORD)
    assert "SignatureValue" in base64.b64decode(answer["SAMLResponse"]).decode()

    response = post_to_acs(client, answer)

    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="sam.lee@hospital.test")
    assert (user.first_name, user.last_name) == ("Sam", "Lee")
    assert Employment.objects.filter(user=user, unit=icu, role_type="nurse").exists()
    assert is_signed_in(client)


def test_later_sign_ins_refresh_the_unit(client, idp, icu):
    ed = factories.UnitFactory(code="ed", name="Emergency Department")
    idp.set_person("mover@hospital.test", PASSWORD, mail=["mover@hospital.test"], ou=["icu"])
    post_to_acs(client, idp_answer(client, idp, "mover@hospital.test", PASSWORD))
    client.logout()
    idp.set_person("mover@hospital.test", PASSWORD, mail=["mover@hospital.test"], ou=["ed"])

    post_to_acs(client, idp_answer(client, idp, "mover@hospital.test", PASSWORD))

    assert Employment.objects.get(user__email="mover@hospital.test").unit == ed


def test_a_tampered_assertion_is_refused(client, idp, icu, caplog):
    # The classic attack: keep the IdP's signature, change who the assertion is about.
    chair = factories.UserFactory(email="chair@hospital.test")
    idp.set_person("intruder@hospital.test", PASSWORD, mail=["intruder@hospital.test"])
    answer = idp_answer(client, idp, "intruder@hospital.test", PASSWORD)
    forged = with_xml(answer, lambda xml: xml.replace("intruder@hospital.test", chair.email))

    response = post_to_acs(client, forged)

    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert "Signature validation failed" in caplog.text
    assert not is_signed_in(client)
    assert not User.objects.filter(email="intruder@hospital.test").exists()


def test_an_assertion_with_its_signatures_removed_is_refused(client, idp, icu, caplog):
    idp.set_person("unsigned@hospital.test", PASSWORD, mail=["unsigned@hospital.test"])
    answer = idp_answer(client, idp, "unsigned@hospital.test", PASSWORD)
    unsigned = with_xml(
        answer,
        lambda xml: re.sub(r"<(\w+:)?Signature\b.*?</(\w+:)?Signature>", "", xml, flags=re.S),
    )

    post_to_acs(client, unsigned)

    assert "is not signed" in caplog.text
    assert not is_signed_in(client)
    assert not User.objects.filter(email="unsigned@hospital.test").exists()


def test_an_assertion_signed_with_sha1_is_refused(client, idp, icu, caplog):
    idp.set_person("old-idp@hospital.test", PASSWORD, mail=["old-idp@hospital.test"])
    idp.sign_with_sha1 = True
    try:
        answer = idp_answer(client, idp, "old-idp@hospital.test", PASSWORD)
    finally:
        idp.sign_with_sha1 = False

    post_to_acs(client, answer)

    assert "Deprecated signature algorithm" in caplog.text
    assert not is_signed_in(client)


def test_an_assertion_replayed_after_use_signs_nobody_in_again(client, idp, icu):
    idp.set_person("replay@hospital.test", PASSWORD, mail=["replay@hospital.test"])
    answer = idp_answer(client, idp, "replay@hospital.test", PASSWORD)
    post_to_acs(client, answer)
    assert is_signed_in(client)
    client.logout()

    post_to_acs(client, answer)

    assert not is_signed_in(client)


def test_a_wrong_password_at_the_idp_gets_no_assertion(client, idp, icu):
    idp.set_person("guess@hospital.test", PASSWORD, mail=["guess@hospital.test"])

    assert idp_answer(client, idp, "guess@hospital.test", "wrong-guess") is None


def test_a_disabled_account_is_refused(client, idp, icu):
    factories.UserFactory(email="gone@hospital.test", is_active=False)
    idp.set_person("gone@hospital.test", PASSWORD, mail=["gone@hospital.test"])

    response = post_to_acs(client, idp_answer(client, idp, "gone@hospital.test", PASSWORD))

    assert response["Location"] == "/accounts/inactive/"
    assert not is_signed_in(client)


def test_an_account_made_by_hand_is_linked_on_first_saml_sign_in(client, idp, icu):
    existing = factories.UserFactory(email="known@hospital.test")
    idp.set_person("known@hospital.test", PASSWORD, mail=["known@hospital.test"], ou=["icu"])

    post_to_acs(client, idp_answer(client, idp, "known@hospital.test", PASSWORD))

    assert client.get("/").wsgi_request.user == existing
    assert Employment.objects.get(user=existing).unit == icu
