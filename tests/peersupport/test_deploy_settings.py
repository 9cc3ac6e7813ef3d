"""With DEBUG off and real values, Django's deployment checklist passes at WARNING level."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!kq2-production-like-secret-" + "a" * 40,
    "ALLOWED_HOSTS": "peersupport.hospital.example",
    "PEERSUPPORT_TESTING": "0",
    "SECURE_SSL_REDIRECT": "1",
}


def run_manage(*args: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION_ENV)
    env.update(extra_env or {})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", extra_env={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_has_no_demo_or_benchmark_commands():
    for command in ("seed_demo", "seed_load", "bench", "loadtest"):
        result = run_manage(command)
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


def test_seed_demo_refuses_to_run_with_debug_off_even_where_the_tooling_is_installed():
    result = run_manage("seed_demo", extra_env={"PEERSUPPORT_TOOLING": "1"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
