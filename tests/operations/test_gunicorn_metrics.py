"""gunicorn with several workers and PROMETHEUS_MULTIPROC_DIR: every scrape counts every worker's
requests, whichever worker answers it (deploy/gunicorn.conf.py)."""

import re

import pytest

from tests.operations.servers import ROOT, free_port, get, gunicorn, server_env

GET_COUNT = re.compile(
    rb'^django_http_requests_total_by_method_total\{method="GET"\} ([0-9.e+]+)$', re.M
)


@pytest.mark.django_db
def test_each_scrape_adds_up_the_requests_of_all_workers(tmp_path):
    port = free_port()
    env = server_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
        PEERSUPPORT_VAR_DIR=str(tmp_path / "var"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="3",
    )
    config = str(ROOT / "deploy" / "gunicorn.conf.py")
    with gunicorn(env, port, "--config", config):
        for _ in range(30):
            assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
        counts = set()
        for _ in range(6):
            status, _, body = get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200
            counts.add(float(GET_COUNT.search(body).group(1)))
            # This database has no tables: the scrape still answers and says so.
            assert b"peersupport_application_metrics_up 0.0" in body
    # 30 probes + the start-up probes + earlier scrapes: never one worker's share only.
    assert min(counts) >= 30, counts
    assert (tmp_path / "metrics").is_dir() and any((tmp_path / "metrics").iterdir())
