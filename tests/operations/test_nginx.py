"""nginx (Debian's package) with deploy/nginx/peersupport.conf in front of gunicorn, as the docs
install it: HTTPS redirect, HSTS, secure cookies, the client's address through one trusted proxy,
static files served by nginx, and a slow client that does not hold the only gunicorn worker."""

import contextlib
import http.client
import os
import pwd
import re
import shutil
import socket
import sqlite3
import ssl
import subprocess
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import service_missing
from tests.operations.servers import ROOT, free_port, gunicorn, server_env
from tests.operations.tls import self_signed_certificate

SITE = ROOT / "deploy" / "nginx" / "peersupport.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
PASSWORD = "nginx-test-pass-2026!"
EMAIL = "nginx-staff@hospital.test"
CLIENT_ADDRESS = "127.0.0.2"  # Linux answers on all of 127/8: a client that is not the proxy

# The test database must exist (the module's fixture writes a user into it before the first test).
pytestmark = pytest.mark.django_db


def site_config(http_port, https_port, app_port, cert, key, static_root) -> str:
    """The shipped site, with only its ports, certificate and folder replaced for this machine."""
    text = SITE.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/etc/ssl/certs/peersupport.pem": str(cert),
        "/etc/ssl/private/peersupport.key": str(key),
        "/srv/peersupport/var/staticfiles/": f"{static_root}/",
    }
    for shipped, here in replacements.items():
        assert text.count(shipped) == 1, f"deploy/nginx/peersupport.conf no longer has {shipped!r}"
        text = text.replace(shipped, here)
    return text


def main_config(directory: Path, site: Path) -> str:
    user = pwd.getpwuid(os.geteuid()).pw_name
    temp = {kind: directory / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    return f"""
user {user};
daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


class Stack:
    def __init__(self, tmp: Path, database_url: str):
        self.tmp = tmp
        self.database_url = database_url
        self.http_port, self.https_port, self.app_port = free_port(), free_port(), free_port()
        self.cert, self.key = self_signed_certificate(tmp)
        self.static_root = tmp / "var" / "staticfiles"
        self.tls = ssl.create_default_context(cafile=str(self.cert))
        self.env = server_env(
            DATABASE_URL=database_url,
            PEERSUPPORT_VAR_DIR=str(tmp / "var"),
            PEERSUPPORT_TESTING="0",
            BEHIND_TLS_PROXY="1",
            SECURE_SSL_REDIRECT="1",
            SECURE_COOKIES="1",
            CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{self.https_port}",
            GUNICORN_BIND=f"127.0.0.1:{self.app_port}",
            WEB_CONCURRENCY="1",
            GUNICORN_THREADS="1",
            LOG_LEVEL="WARNING",
        )
        self.env.pop("PYTEST_VERSION", None)  # a production process, not a test settings module

    def https(self, method, path, *, body=None, headers=None, source=CLIENT_ADDRESS):
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=self.tls, timeout=10, source_address=(source, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def subprocess_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A signed-up staff member in a database the gunicorn process can open."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tests.factories import UserFactory

    with django_db_blocker.unblock():
        # Hashed as production does (the tests' own hasher is not installed in a real process).
        hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        user = UserFactory(email=EMAIL)
        type(user).objects.filter(pk=user.pk).update(password=hashed)
        EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            yield (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )
            with connection.cursor() as cursor:  # what gunicorn wrote (TRUNCATE: no row trigger)
                cursor.execute("TRUNCATE peersupport_auditevent")
                cursor.execute("DELETE FROM django_session")
        else:
            from operations.backups import backup

            path = tmp_path_factory.mktemp("nginx-db") / "db.sqlite3"
            backup(path=path)
            yield f"sqlite:///{path}"
        user.delete()


@pytest.fixture(scope="module")
def stack(subprocess_database, tmp_path_factory):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        service_missing("Debian's nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    tmp.chmod(0o755)
    stack = Stack(tmp, subprocess_database)
    collect = subprocess.run(  # noqa: S603
        [os.sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collect.returncode == 0, collect.stderr[-2000:]
    site = tmp / "site.conf"
    site.write_text(
        site_config(
            stack.http_port,
            stack.https_port,
            stack.app_port,
            stack.cert,
            stack.key,
            stack.static_root,
        )
    )
    main = tmp / "nginx.conf"
    main.write_text(main_config(tmp, site))
    checked = subprocess.run(  # noqa: S603
        [nginx, "-t", "-q", "-c", str(main), "-p", str(tmp), "-e", str(tmp / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(  # noqa: S603
        [nginx, "-c", str(main), "-p", str(tmp), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with gunicorn(stack.env, stack.app_port, "--config", str(GUNICORN_CONF)):
            deadline = time.monotonic() + 20
            while True:
                try:
                    if stack.https("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                time.sleep(0.2)
            yield stack
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_plain_http_is_redirected_to_https(stack):
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    conn.request("GET", "/requests/mine/?page=2")
    response = conn.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/requests/mine/?page=2"


def test_pages_and_static_files_carry_one_hsts_header(stack):
    for path in ("/accounts/login/", "/static/css/peersupport.css"):
        status, headers, _ = stack.https("GET", path)
        assert status == 200, path
        hsts = headers.get_all("Strict-Transport-Security")
        assert hsts and len(hsts) == 1, (path, hsts)
        assert "max-age=31536000" in hsts[0] and "includeSubDomains" in hsts[0]


def sign_in(stack) -> SimpleCookie:
    status, headers, body = stack.https("GET", "/accounts/login/")
    assert status == 200
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie"):
        cookies.load(header)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    origin = f"https://127.0.0.1:{stack.https_port}"
    status, headers, _ = stack.https(
        "POST",
        "/accounts/login/",
        body=urllib.parse.urlencode(
            {"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
        },
    )
    assert status == 302, status
    for header in headers.get_all("Set-Cookie"):
        cookies.load(header)
    return cookies


def test_session_and_csrf_cookies_are_secure(stack):
    cookies = sign_in(stack)
    for name in ("sessionid", "csrftoken"):
        assert cookies[name]["secure"] is True, name
        assert cookies[name]["httponly"] is True, name


def test_the_application_sees_the_client_address_not_the_proxy_nor_a_forged_one(stack):
    cookies = sign_in(stack)
    status, _, _ = stack.https(
        "GET",
        "/reports/",  # a staff member may not: the denial is audited with the client's address
        headers={
            "Cookie": f"sessionid={cookies['sessionid'].value}",
            "X-Forwarded-For": "203.0.113.9",
        },
    )
    assert status == 403
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT ip FROM peersupport_auditevent ORDER BY id")
            ips = [str(row[0]) for row in cursor.fetchall()]
    else:
        path = stack.database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path)) as db:
            ips = [row[0] for row in db.execute("SELECT ip FROM peersupport_auditevent")]
    assert ips and ips[-1] == CLIENT_ADDRESS, ips


def test_nginx_serves_static_files_itself(stack):
    css = (ROOT / "static" / "css" / "peersupport.css").read_bytes()
    status, headers, body = stack.https("GET", "/static/css/peersupport.css")
    assert (status, body) == (200, css)
    assert headers.get_all("Cache-Control") == ["public, max-age=2592000"]
    # A file the application has never heard of: only nginx can answer it.
    (stack.static_root / "only-nginx-knows.txt").write_text("served by nginx")
    status, _, body = stack.https("GET", "/static/only-nginx-knows.txt")
    assert (status, body) == (200, b"served by nginx")


def test_metrics_are_not_served_through_the_proxy(stack):
    status, _, body = stack.https("GET", "/metrics", source="127.0.0.1")
    assert status == 404 and b"peersupport_" not in body


def slow_client(port, wrap=None, seconds=4.0):
    """Opens a connection and sends a request one byte at a time, never finishing in time."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    if wrap:
        sock = wrap(sock)
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 1000

    def dribble():
        deadline = time.monotonic() + seconds
        with contextlib.suppress(OSError):
            for byte in request:
                if time.monotonic() > deadline:
                    break
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
        sock.close()

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    time.sleep(0.5)  # the slow request has reached whoever reads it
    return thread


def timed_get(port: int) -> float:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    conn.request("GET", "/healthz")
    assert conn.getresponse().status == 200
    return time.monotonic() - started


def test_a_slow_client_does_not_hold_the_only_worker_behind_nginx(stack):
    def wrap(sock):
        return stack.tls.wrap_socket(sock, server_hostname="127.0.0.1")

    thread = slow_client(stack.https_port, wrap)
    started = time.monotonic()
    status, _, _ = stack.https("GET", "/healthz")
    assert status == 200 and time.monotonic() - started < 1.5
    thread.join()

    # The control: the same slow client straight at gunicorn holds its single sync worker.
    thread = slow_client(stack.app_port)
    with pytest.raises((TimeoutError, socket.timeout)):
        timed_get(stack.app_port)
    thread.join()
    assert timed_get(stack.app_port) < 2
