"""A SAML 2.0 identity provider for the tests: pysaml2's IdP (saml2.server.Server) behind a small
WSGI server on 127.0.0.1, signing with a key and certificate the test generates.

It answers the SP's AuthnRequest (HTTP-Redirect binding) at /sso/redirect after a sign-in form,
with a signed Response and signed Assertion carrying the person's attributes, as the auto-posting
HTML form a browser would submit to our assertion consumer service. /metadata serves its metadata.
"""

from __future__ import annotations

import base64
import datetime
import html
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def self_signed_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """A fresh RSA key and self-signed certificate, written as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def xmlsec1_path() -> str | None:
    return shutil.which("xmlsec1")


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class SAMLIdP:
    folder: Path
    port: int
    people: dict = field(default_factory=dict)  # email -> {"password": ..., "attributes": {...}}
    sign_with_sha1: bool = False  # an outdated IdP: SHA-1 signatures

    def __post_init__(self) -> None:
        self.key_file, self.cert_file = self_signed_certificate(self.folder, "idp")
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.entity_id = f"{self.base_url}/metadata"
        self.sso_url = f"{self.base_url}/sso/redirect"
        self.trusted_sp_metadata: list[str] = []
        self._server = None

    @property
    def certificate_body(self) -> str:
        """The certificate as SP settings take it: base64 without the PEM armour."""
        pem = self.cert_file.read_text()
        return "".join(line for line in pem.splitlines() if "-----" not in line)

    def set_person(self, email: str, password: str, **attributes) -> None:
        self.people[email] = {"password": password, "attributes": attributes}

    def trust(self, sp_metadata: str) -> None:
        """Registers a service provider from its metadata (as an IdP administrator would)."""
        if sp_metadata not in self.trusted_sp_metadata:
            self.trusted_sp_metadata.append(sp_metadata)

    def _server_for_request(self):
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS
        from saml2.server import Server

        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [
                                (self.sso_url, BINDING_HTTP_REDIRECT),
                                (f"{self.base_url}/sso/post", BINDING_HTTP_POST),
                            ]
                        },
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                    }
                },
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "xmlsec_binary": xmlsec1_path(),
                "metadata": {"inline": list(self.trusted_sp_metadata)},
            }
        )
        return Server(config=config)

    def metadata(self) -> str:
        from saml2.metadata import entity_descriptor

        return str(entity_descriptor(self._server_for_request().config))

    def respond(self, saml_request: str, relay_state: str, email: str) -> dict:
        """The signed answer to an AuthnRequest for this person: the ACS URL and the form data."""
        from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
        from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

        server = self._server_for_request()
        request = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        args = server.response_args(request.message, [BINDING_HTTP_POST])
        response = server.create_authn_response(
            identity=self.people[email]["attributes"],
            userid=email,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_response=True,
            sign_assertion=True,
            sign_alg=SIG_RSA_SHA1 if self.sign_with_sha1 else SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA1 if self.sign_with_sha1 else DIGEST_SHA256,
            **args,
        )
        # What the HTTP-POST binding carries: the signed XML, base64-encoded, and the relay state.
        return {
            "acs_url": args["destination"],
            "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
            "RelayState": relay_state,
        }

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "text/xml")])
            return [self.metadata().encode()]
        if path == "/sso/redirect" and environ["REQUEST_METHOD"] == "GET":
            # The sign-in page; the request travels on in hidden fields.
            fields = "".join(
                f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
                for name, value in query.items()
            )
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [
                f'<form method="post">{fields}<input name="username"><input name="password" '
                f'type="password"><button>Sign in</button></form>'.encode()
            ]
        if path == "/sso/redirect":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            person = self.people.get(form.get("username", ""))
            if person is None or person["password"] != form.get("password"):
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
                return [b"<p role=alert>Wrong email or password.</p>"]
            answer = self.respond(form["SAMLRequest"], form.get("RelayState", ""), form["username"])
            inputs = "".join(
                f'<input type="hidden" name="{name}" value="{html.escape(answer[name])}">'
                for name in ("SAMLResponse", "RelayState")
            )
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [f'<form method="post" action="{answer["acs_url"]}">{inputs}</form>'.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self, handler_class=_Quiet)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
