"""Readiness: may this process be sent traffic? The database, cache and broker answer, and every
migration is applied. Each check gives "ok" or "unavailable"; error text is logged, never served."""

import functools
import logging
import uuid
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

logger = logging.getLogger(__name__)


def check_database() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


@functools.cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """The code's migrations, read once per process (the code does not change under it)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_migrations() -> None:
    # One query per probe: loading the migration files each time would cost 100 ms or more.
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    missing = migrations_on_disk() - set(applied)
    if missing:
        raise RuntimeError(f"{len(missing)} migrations not applied")


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def check_broker() -> None:
    with current_app.connection_for_write() as connection:
        connection.ensure_connection(
            max_retries=1, interval_start=0, timeout=settings.READINESS_TIMEOUT_SECONDS
        )


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "broker": check_broker,
}


def run_checks() -> dict[str, str]:
    """Every check, each "ok" or "unavailable"; the migration check needs the database."""
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "unavailable"
            continue
        try:
            check()
        except Exception as error:
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            results[name] = "unavailable"
            if name == "database":
                connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete()
        else:
            results[name] = "ok"
    return results
