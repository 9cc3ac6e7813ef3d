"""Shared fixtures: one person per role, the services, and the browser."""

import os
import shutil
import socket
from dataclasses import dataclass

import pytest

from core.roles import GROUP_FOR_ROLE, Role
from tests import factories

# In CI (PEERSUPPORT_REQUIRE_SERVICES=1) a missing service or browser is an error, never a skip.
REQUIRE_SERVICES = os.environ.get("PEERSUPPORT_REQUIRE_SERVICES") == "1"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def service_missing(reason: str):
    """Skip on a developer machine; fail in CI."""
    if REQUIRE_SERVICES:
        pytest.fail(f"Required in CI but missing: {reason}")
    pytest.skip(reason)


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing("REDIS_URL is not set")
    host, port = "127.0.0.1", 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        service_missing(f"Redis does not answer on {host}:{port}")
    return url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        service_missing("Debian's chromium is not installed (apt-get install chromium)")
    return path


@dataclass
class People:
    """One person per role, in a hospital with an ICU and an Emergency Department."""

    icu: object
    ed: object
    staff: object
    supporter: object
    icu_supporter_profile: object
    ed_supporter: object
    icu_lead: object
    ed_lead: object
    central: object
    manager: object
    chair: object
    sponsor: object
    education: object
    superuser: object

    def by_role(self) -> dict[str, object]:
        return {
            "staff": self.staff,
            "supporter": self.supporter,
            "icu_lead": self.icu_lead,
            "ed_lead": self.ed_lead,
            "central": self.central,
            "manager": self.manager,
            "chair": self.chair,
            "sponsor": self.sponsor,
            "education": self.education,
            "superuser": self.superuser,
        }


@pytest.fixture
def people(db) -> People:
    icu = factories.UnitFactory(name="Intensive Care Unit", code="icu")
    ed = factories.UnitFactory(name="Emergency Department", code="ed")
    supporter_profile = factories.SupporterProfileFactory(
        home_unit=icu, user__email="supporter@hospital.test"
    )
    ed_supporter = factories.SupporterProfileFactory(
        home_unit=ed, user__email="ed-supporter@hospital.test"
    )
    icu_lead = factories.LocalLeadFactory(unit=icu, user__email="icu-lead@hospital.test").user
    ed_lead = factories.LocalLeadFactory(unit=ed, user__email="ed-lead@hospital.test").user
    education = factories.CommitteeMembershipFactory(
        committee__slug="education",
        committee__name="Education Committee",
        user__email="education@hospital.test",
    ).user
    return People(
        icu=icu,
        ed=ed,
        staff=factories.UserFactory(email="staff@hospital.test"),
        supporter=supporter_profile.user,
        icu_supporter_profile=supporter_profile,
        ed_supporter=ed_supporter.user,
        icu_lead=icu_lead,
        ed_lead=ed_lead,
        central=factories.UserFactory(
            email="central@hospital.test", roles=[GROUP_FOR_ROLE[Role.CENTRAL_LEAD]]
        ),
        manager=factories.UserFactory(
            email="manager@hospital.test", roles=[GROUP_FOR_ROLE[Role.PROGRAM_MANAGER]]
        ),
        chair=factories.UserFactory(
            email="chair@hospital.test", roles=[GROUP_FOR_ROLE[Role.CHAIR]]
        ),
        sponsor=factories.UserFactory(
            email="sponsor@hospital.test", roles=[GROUP_FOR_ROLE[Role.SPONSOR]]
        ),
        education=education,
        superuser=factories.UserFactory(
            email="root@hospital.test", is_superuser=True, is_staff=True
        ),
    )


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional_marker = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback"))
    )
    return transactional_marker or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _audit_rows_cleared_before_sqlite_flush(request):
    """Transactional tests end with a flush; on SQLite that is a DELETE, which the audit trigger
    refuses for rows younger than six years. Lift the trigger for the cleanup only."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue(
        "transactional_db"
    )  # set up first, so its flush runs after this cleanup
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE, which row triggers do not see
    import importlib

    trigger = importlib.import_module("core.migrations.0003_audit_append_only_trigger")
    role_triggers = importlib.import_module("roster.migrations.0004_audit_every_role_change")
    with connection.cursor() as cursor:
        # Role rows are emptied first with their audit triggers lifted, so the flush that follows
        # writes no audit row of its own.
        for statement in role_triggers.SQLITE_REVERSE:
            cursor.execute(statement)
        cursor.execute("DELETE FROM peersupport_user_groups")
        cursor.execute("DELETE FROM roster_locallead")
        cursor.execute("DROP TRIGGER IF EXISTS audit_no_early_delete")
        cursor.execute("DELETE FROM peersupport_auditevent")
        cursor.execute(trigger.SQLITE[1])
        for statement in role_triggers.SQLITE:
            cursor.execute(statement)


@pytest.fixture(autouse=True, scope="session")
def _tasks_published_in_memory():
    """Tests call services that queue tasks after commit; they go to an in-memory broker, so the
    shared Redis never fills with tasks for a test database. Tests of the real broker and worker
    name their own Redis (tests/peersupport/test_celery_worker.py, tests/reliability/)."""
    from peersupport.celery import app

    app.conf.broker_url = "memory://"
    app._pool = None
    yield


@pytest.fixture(autouse=True)
def _no_mfa_requirement_by_default(settings):
    # MFA enforcement has its own tests (tests/peersupport/test_sessions_and_mfa.py); elsewhere it is off.
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = False


@pytest.fixture(autouse=True)
def _locmem_mail_and_cache(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """A request in Spanish activates Spanish for the thread that served it (the test's own, with
    the test client): the next test starts in the site's language again."""
    yield
    from django.utils import translation

    translation.deactivate()
