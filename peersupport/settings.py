"""Settings for Peer Support, read from the environment.

One module, twelve-factor style: every value that differs between a laptop and the hospital's
servers comes from an environment variable, with an embedded default that needs no server
(SQLite under var/, a filesystem broker under var/, mail written to var/mail/).
"""

import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PEERSUPPORT_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
# pytest (8.2 and newer) sets PYTEST_VERSION: tests get fast hashing and no TLS redirects.
TESTING = envbool("PEERSUPPORT_TESTING", "PYTEST_VERSION" in os.environ)

# Commands that never sign, hash or serve anything may run without a key (e.g. a CI migration check).
_KEYLESS_COMMANDS = {"makemigrations", "help", "version"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or _COMMAND in _KEYLESS_COMMANDS):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A development default only: never used with DEBUG off.
    SECRET_KEY = "dev-only-insecure-key-peer-support-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "guardian",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "csp",
    "django_celery_beat",
    "django_prometheus",
    "core",
    "roster",
    "support_requests",
    "training",
    "committees",
    "reports",
    "identity",
    "operations",
]
# Demo data and the benchmark/load tooling: for `make run`, the tests, `make bench` and
# `make loadtest` only. Production (DEBUG off) never installs them, so neither their commands nor
# the benchmark's table and views exist there.
TOOLING = envbool("PEERSUPPORT_TOOLING", DEBUG or TESTING)
if TOOLING:
    INSTALLED_APPS += ["demo", "bench"]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The client IP and a request id, for every audit row written while the request runs.
    "core.audit.RequestContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie the footer's switcher sets, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's own language (their profile) wins over the cookie and the browser.
    "core.language.UserLanguageMiddleware",
    "operations.request_context.RequestLogMiddleware",
    "core.audit.AuditDenialsMiddleware",
    "core.middleware.AuditAdminMiddleware",
    "core.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RequireMFAForLeadsMiddleware",
    # Every view needs a signed-in person unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"
AUTH_USER_MODEL = "peersupport.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.program",
            ],
            "builtins": ["core.templatetags.ui"],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL (postgres://...) in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'peersupport.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A readiness probe must answer while PostgreSQL is away, not wait for the kernel's timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DB_CONNECT_TIMEOUT", 5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # WAL with synchronous=NORMAL: a commit appends to the log without waiting for the
            # disk (checkpoints still sync); the database cannot be corrupted, a power cut may lose
            # the last commits. Every page writes its session (and the request page its audit
            # entry), which under the default FULL waited for an fsync each.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        # allauth's rate limits need a shared cache; a file cache is shared by the processes of
        # `make run` and keeps the limits working without Redis (the dummy cache disables them).
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sign-in (django-allauth): email is the login, no open sign-up.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none" if DEBUG or TESTING else "mandatory"
ACCOUNT_ADAPTER = "core.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "identity.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "identity.forms.SignInForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Peer Support] "
# Sign-up is closed unless the hospital allows its own email domain (e.g. "hospital.org").
PEERSUPPORT_SIGNUP_EMAIL_DOMAIN = os.environ.get("SIGNUP_EMAIL_DOMAIN", "").strip().lower()
# How many proxies of the hospital's own stand in front of the application (the TLS proxy of
# docs/deploy is one). The client is the address that many entries from the right of
# X-Forwarded-For; anything to its left was written by the client and is never believed. One
# number feeds allauth's sign-in limits, the audit log's IP and every rate limit.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1 if envbool("BEHIND_TLS_PROXY", False) else 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Five failed sign-ins per account in five minutes lock it for the rest of the window. The per-IP
# limits allow for a hospital's staff arriving through one NAT address (raise them if needed).
_SIGN_INS_PER_IP = envint("SIGN_INS_PER_IP_PER_MINUTE", 60)
ACCOUNT_RATE_LIMITS = {
    "login": f"{_SIGN_INS_PER_IP}/m/ip",
    "login_failed": f"{_SIGN_INS_PER_IP}/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Peer Support"
PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = envbool("REQUIRE_MFA_FOR_LEADS", True)

# Hospital SSO through allauth's OpenID Connect provider, configured from the environment.
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "hospital"),
                "name": os.environ.get("OIDC_NAME", "Hospital sign-in"),
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": os.environ.get("OIDC_SERVER_URL", "")},
            }
        ],
    }


def saml_provider(environ) -> dict:
    """allauth's SAML provider from SAML_* variables: the IdP by metadata URL or by entity id,
    sign-in URL and certificate. Assertions must be signed; IdP-initiated sign-in is refused."""
    idp = {"entity_id": environ.get("SAML_IDP_ENTITY_ID", "")}
    if environ.get("SAML_IDP_METADATA_URL"):
        idp["metadata_url"] = environ["SAML_IDP_METADATA_URL"]
    else:
        idp.update(
            sso_url=environ.get("SAML_IDP_SSO_URL", ""),
            x509cert=environ.get("SAML_IDP_X509CERT", ""),
        )
    app_settings = {
        "idp": idp,
        "attribute_mapping": json.loads(environ.get("SAML_ATTRIBUTE_MAPPING") or "{}")
        or {
            "email": [
                "urn:oid:0.9.2342.19200300.100.1.3",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                "mail",
                "email",
            ],
            "first_name": [
                "urn:oid:2.5.4.42",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                "givenName",
            ],
            "last_name": [
                "urn:oid:2.5.4.4",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                "sn",
            ],
        },
        # With no email attribute, the NameID (format emailAddress) is the email.
        "use_nameid_for_email": True,
        # The hospital's directory owns its email addresses: an account made by hand or by SCIM
        # is linked on first SAML sign-in. Turn off if people can edit their email at the IdP.
        "verified_email": environ.get("SAML_EMAIL_VERIFIED", "1") in {"1", "true", "on"},
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "want_message_signed": environ.get("SAML_WANT_MESSAGE_SIGNED", "")
            in {"1", "true", "on"},
            "reject_idp_initiated_sso": True,
        },
    }
    if environ.get("SAML_SP_ENTITY_ID"):
        app_settings["sp"] = {"entity_id": environ["SAML_SP_ENTITY_ID"]}
    return {
        "APPS": [
            {
                "name": environ.get("SAML_NAME", "Hospital sign-in"),
                "provider_id": idp["entity_id"],
                "client_id": environ.get("SAML_ORGANIZATION", "hospital"),
                "settings": app_settings,
            }
        ]
    }


if os.environ.get("SAML_IDP_ENTITY_ID"):
    SOCIALACCOUNT_PROVIDERS["saml"] = saml_provider(os.environ)

# What the directory's claims (OIDC) or attributes (SAML) mean here. A claim value is looked up in
# the map (exact, then ignoring case) and otherwise taken as a unit code or a job role type
# (roster.models.JobRoleType). The maps are JSON objects, e.g. SSO_UNIT_MAP='{"Critical Care": "icu"}'.
PEERSUPPORT_SSO = {
    # Password sign-in off: the form is hidden and a posted password is refused.
    "ONLY": envbool("SSO_ONLY", False),
    "UNIT_CLAIM": os.environ.get("SSO_UNIT_CLAIM", "department"),
    "ROLE_TYPE_CLAIM": os.environ.get("SSO_ROLE_TYPE_CLAIM", "job_role"),
    "UNIT_MAP": json.loads(os.environ.get("SSO_UNIT_MAP") or "{}"),
    "ROLE_TYPE_MAP": json.loads(os.environ.get("SSO_ROLE_TYPE_MAP") or "{}"),
    # A claim the provider sets to false for a disabled account (e.g. "account_enabled"): signing
    # in with it makes the person a leaver here. Empty: the provider refuses such sign-ins itself.
    "ACTIVE_CLAIM": os.environ.get("SSO_ACTIVE_CLAIM", ""),
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False

# Sessions: 30 minutes idle (renewed on each request), 12 hours absolute (our middleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "core.sessions"  # the renewal in one UPDATE, not BEGIN/UPDATE/COMMIT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PEERSUPPORT_SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
# Probes and the metrics scraper talk to gunicorn directly over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True

from csp.constants import NONE, SELF  # noqa: E402


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# The identity providers' origins (sign-in forms redirect there), plus any the provider's
# discovery document sends people to on another host (SSO_EXTRA_ORIGINS, comma-separated).
SSO_ORIGINS = sorted(
    {
        origin(os.environ.get("OIDC_SERVER_URL", "")),
        origin(os.environ.get("SAML_IDP_SSO_URL", "")),
        origin(os.environ.get("SAML_IDP_METADATA_URL", "")),
        *envlist("SSO_EXTRA_ORIGINS", ""),
    }
    - {""}
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Signing in with the hospital's account posts a form that redirects to its provider.
        "form-action": [SELF, *SSO_ORIGINS],
        "frame-ancestors": [NONE],
    }
}

# English and Spanish: the interface, every notice and the calendar invitations (docs/i18n.md).
# Each language is named in its own words, as a person looking for it would recognise it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: files under var/mail/ by default (make run); SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Peer Support <peer-support@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-guardian: no anonymous user object; we never grant to anonymous.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "guardian.GroupObjectPermission"

# Celery: Redis in production and CI, kombu's filesystem transport for `make run`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    # The embedded broker needs its folders before the first task is queued, by any process.
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # No countdown or ETA in this project exceeds this (far-future work is a database row).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600),
        # How often unacknowledged messages of a dead worker are looked for (interval x throttle).
        "unacked_restore_interval": envint("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": envint("CELERY_UNACKED_RESTORE_THROTTLE", 10),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing gives up fast: the database row is the truth and the outbox sweep sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = not CELERY_RESULT_BACKEND
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The outbox: a sender holds a notice this long (no send outlives the task time limit); a failed
# send is tried again after 1, 2, 4 ... minutes, and parked after the last attempt fails.
PEERSUPPORT_NOTICE_CLAIM_SECONDS = envint("NOTICE_CLAIM_SECONDS", CELERY_TASK_TIME_LIMIT)
PEERSUPPORT_NOTICE_RETRY_SECONDS = envint("NOTICE_RETRY_SECONDS", 60)
PEERSUPPORT_NOTICE_MAX_ATTEMPTS = envint("NOTICE_MAX_ATTEMPTS", 8)
# The beat schedule is gathered from each app's schedule.py (peersupport/celery.py).

# The program's own rules, each in one place.
PEERSUPPORT: dict[str, Any] = {
    "RETENTION_DAYS": envint("RETENTION_DAYS", 30),
    "AUDIT_RETENTION_DAYS": envint("AUDIT_RETENTION_DAYS", 6 * 365 + 2),
    "SUPPRESSION_THRESHOLD": envint("SUPPRESSION_THRESHOLD", 10),
    "SUPPRESSION_MARKER": os.environ.get("SUPPRESSION_MARKER", ""),
    "RESPONSE_TARGET_MINUTES": {"today": 30, "this_week": 24 * 60},
    "REPORT_CONTACT_TARGET_HOURS": envint("REPORT_CONTACT_TARGET_HOURS", 24),
    "ESCALATE_UNASSIGNED_AFTER_HOURS": envint("ESCALATE_UNASSIGNED_AFTER_HOURS", 2),
    "REMIND_UNACCEPTED_AFTER_HOURS": envint("REMIND_UNACCEPTED_AFTER_HOURS", 4),
    "RETURN_UNACCEPTED_AFTER_HOURS": envint("RETURN_UNACCEPTED_AFTER_HOURS", 8),
    "REMIND_NO_CONTACT_AFTER_HOURS": envint("REMIND_NO_CONTACT_AFTER_HOURS", 24),
    "FOLLOW_UP_AFTER_DAYS": envint("FOLLOW_UP_AFTER_DAYS", 7),
    "REQUEST_RATE_LIMIT_PER_HOUR": envint("REQUEST_RATE_LIMIT_PER_HOUR", 5),
    "DUPLICATE_WINDOW_MINUTES": envint("DUPLICATE_WINDOW_MINUTES", 10),
    "REDIRECT_UNDO_MINUTES": envint("REDIRECT_UNDO_MINUTES", 10),
    "MAX_OPEN_ASSIGNMENTS": envint("MAX_OPEN_ASSIGNMENTS", 3),
    "REFRESHER_INTERVAL_MONTHS": envint("REFRESHER_INTERVAL_MONTHS", 24),
    "REFRESHER_NOTICE_DAYS": envint("REFRESHER_NOTICE_DAYS", 60),
    "SESSION_REMINDER_HOURS": envint("SESSION_REMINDER_HOURS", 24),
    "MEETING_REMINDER_HOURS": envint("MEETING_REMINDER_HOURS", 24),
    "ROTA_GAP_LOOKAHEAD_DAYS": envint("ROTA_GAP_LOOKAHEAD_DAYS", 14),
    "CRISIS_LINE": os.environ.get("CRISIS_LINE", "988"),
    "EAP_CONTACT": os.environ.get("EAP_CONTACT", "Employee Assistance Program, extension 4-3277"),
    "HR_CONTACT": os.environ.get("HR_CONTACT", "Human Resources, extension 4-4700"),
    # The Spanish versions of the texts above, shown to people who use the site in Spanish
    # (core.conf.program_text; a missing one falls back to the English text).
    "CRISIS_LINE_ES": os.environ.get("CRISIS_LINE_ES", "988"),
    "EAP_CONTACT_ES": os.environ.get(
        "EAP_CONTACT_ES", "Programa de Asistencia al Empleado, extensión 4-3277"
    ),
    "HR_CONTACT_ES": os.environ.get("HR_CONTACT_ES", "Recursos Humanos, extensión 4-4700"),
    # A line under the crisis number about help in the reader's language (none in English).
    "CRISIS_LINE_NOTE": os.environ.get("CRISIS_LINE_NOTE", ""),
    "CRISIS_LINE_NOTE_ES": os.environ.get(
        "CRISIS_LINE_NOTE_ES",
        "Si necesita ayuda en español, llame al 988 y oprima 2, "
        "o envíe un mensaje de texto con la palabra AYUDA al 988.",
    ),
}
if not PEERSUPPORT["SUPPRESSION_MARKER"]:
    PEERSUPPORT["SUPPRESSION_MARKER"] = f"<{PEERSUPPORT['SUPPRESSION_THRESHOLD'] + 1}"

# Operations: readiness probes, Prometheus metrics and logs (docs/operations.md).
READINESS_TIMEOUT_SECONDS = envint("READINESS_TIMEOUT_SECONDS", 2)
# /metrics answers only these client addresses (the Prometheus server); everyone else gets 404.
METRICS_ALLOWED_IPS = frozenset(envlist("METRICS_ALLOWED_IPS", "127.0.0.1,::1"))
PROMETHEUS_EXPORT_MIGRATIONS = False

# One JSON object per line (LOG_FORMAT=plain for a terminal): request id, user id, timing; the
# request line names the route, never the path or anything a person typed.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "operations.request_context.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        # gunicorn or nginx write the access log; ours is the "request" line with the route name.
        "django.server": {"level": "WARNING", "propagate": True},
    },
}
