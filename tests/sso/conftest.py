"""Real identity providers on 127.0.0.1, started once per test session, for the SSO tests."""

import copy
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPO = Path(__file__).resolve().parents[2]
PROVIDER_ID = "hospital"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the provider exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class OIDCProvider:
    """django-oauth-toolkit's OpenID Connect provider in its own process, on a free port."""

    base_url: str
    state_file: Path
    client_id: str = "peer-support"
    client_secret: str = "provider-test-secret-2026"

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/o"

    def set_person(self, email: str, password: str, **claims) -> None:
        """Adds a person to the provider's directory, or changes their claims."""
        state = json.loads(self.state_file.read_text())
        state["people"][email] = {"password": password, "claims": claims}
        self.state_file.write_text(json.dumps(state))

    def configure(self, settings) -> None:
        """Our app's settings for this provider: the app, and its origin in the CSP form-action."""
        settings.SOCIALACCOUNT_PROVIDERS = self.app_settings()
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"].append(self.base_url)
        settings.CONTENT_SECURITY_POLICY = policy

    def app_settings(self) -> dict:
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": "Hospital sign-in",
                        "client_id": self.client_id,
                        "secret": self.client_secret,
                        "settings": {"server_url": self.issuer},
                    }
                ],
            }
        }


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    state_file = folder / "state.json"
    state_file.write_text(json.dumps({"people": {}}))
    port = free_port()
    provider = OIDCProvider(base_url=f"http://127.0.0.1:{port}", state_file=state_file)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso.oidc_provider.settings",
        "OIDC_TEST_STATE": str(state_file),
        "OIDC_TEST_RSA_KEY": rsa_private_key_pem(),
        "OIDC_TEST_ISSUER": provider.issuer,
        "OIDC_TEST_CLIENT_ID": provider.client_id,
        "OIDC_TEST_CLIENT_SECRET": provider.client_secret,
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "tests.sso.oidc_provider.prepare"], cwd=REPO, env=env, check=True
    )
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_answering(f"{provider.issuer}/.well-known/openid-configuration", server)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    from tests.conftest import service_missing
    from tests.sso.saml_idp import SAMLIdP, xmlsec1_path

    if xmlsec1_path() is None:
        service_missing("the xmlsec1 binary is not installed (apt-get install xmlsec1)")
    idp = SAMLIdP(folder=tmp_path_factory.mktemp("saml-idp"), port=free_port())
    idp.start()
    yield idp
    idp.stop()
