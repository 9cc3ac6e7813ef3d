"""A deployment sets up hospital sign-in with environment variables only (README, SSO section)."""

import json

from tests.peersupport.test_deploy_settings import run_manage

SSO_ENV = {
    "OIDC_CLIENT_ID": "peer-support",
    "OIDC_CLIENT_SECRET": "from-the-identity-team",
    "OIDC_SERVER_URL": "https://login.hospital.example/tenant/v2.0",
    "SAML_IDP_ENTITY_ID": "https://idp.hospital.example/saml",
    "SAML_IDP_SSO_URL": "https://idp.hospital.example/saml/sso",
    "SAML_IDP_X509CERT": "MIIC-not-a-real-certificate",
    "SSO_ONLY": "1",
    "SSO_UNIT_CLAIM": "urn:oid:2.5.4.11",
    "SSO_UNIT_MAP": '{"Critical Care": "icu"}',
    "SSO_ROLE_TYPE_MAP": '{"Registered Nurse": "nurse"}',
}
PRINT = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'providers': s.SOCIALACCOUNT_PROVIDERS, 'sso': s.PEERSUPPORT_SSO,"
    "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))"
)


def test_oidc_saml_and_the_claim_mapping_come_from_the_environment():
    result = run_manage("shell", "-c", PRINT, extra_env=SSO_ENV)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])

    oidc = loaded["providers"]["openid_connect"]["APPS"][0]
    assert oidc["settings"]["server_url"] == SSO_ENV["OIDC_SERVER_URL"]
    saml = loaded["providers"]["saml"]["APPS"][0]
    assert saml["provider_id"] == SSO_ENV["SAML_IDP_ENTITY_ID"]
    assert saml["settings"]["idp"]["sso_url"] == SSO_ENV["SAML_IDP_SSO_URL"]
    assert saml["settings"]["advanced"]["want_assertion_signed"] is True
    assert loaded["sso"]["ONLY"] is True
    assert loaded["sso"]["UNIT_MAP"] == {"Critical Care": "icu"}
    assert loaded["sso"]["ROLE_TYPE_MAP"] == {"Registered Nurse": "nurse"}
    # The sign-in forms redirect to both providers; the browser must allow that.
    assert "https://login.hospital.example" in loaded["form_action"]
    assert "https://idp.hospital.example" in loaded["form_action"]


def test_the_deployment_checklist_passes_with_sso_configured():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env=SSO_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
