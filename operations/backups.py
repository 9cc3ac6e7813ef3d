"""Backups of the whole database: pg_dump/pg_restore for PostgreSQL, SQLite's online backup API.

A backup holds everything, the audit log and its append-only trigger included, so a restored
database refuses UPDATE and DELETE on the audit log exactly as before. The password reaches
pg_dump through PGPASSWORD, never on a command line that `ps` would show.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def default_path(directory: Path, vendor: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return directory / f"peersupport-{stamp}.{suffix}"


def _postgres_command(tool: str, settings_dict: dict) -> tuple[list[str], dict]:
    binary = shutil.which(tool)
    if binary is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    args = [binary, "--no-owner", "--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict) -> None:
    completed = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {completed.stderr.strip()[-2000:]}")


def backup(*, path: Path, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a consistent copy of the database to `path` while the application keeps running."""
    connection = connections[alias]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _postgres_command("pg_dump", connection.settings_dict)
        _run([*args, "--format=custom", "--file", str(path)], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    path.chmod(0o600)  # the backup holds what the database holds
    return path


def restore(*, path: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database's content with the backup at `path` (all or nothing)."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    connection = connections[alias]
    if connection.vendor == "postgresql":
        args, env = _postgres_command("pg_restore", connection.settings_dict)
        connection.close()
        _run(
            [*args, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(path)],
            env,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
