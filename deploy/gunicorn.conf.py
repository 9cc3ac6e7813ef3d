"""gunicorn for Peer Support (systemd, the Docker image and the tests use this file).

Sync workers behind nginx: nginx buffers whole requests and responses, so a slow client holds an
nginx connection, never a worker. Prometheus counters are shared between workers through
PROMETHEUS_MULTIPROC_DIR (an empty directory owned by the service, wiped at start).
"""

import os
import shutil
from pathlib import Path

# Comma-separated: 127.0.0.1:8000 for nginx, plus a private address for Prometheus if it scrapes.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then, with jitter so they do not all restart at once
max_requests_jitter = 200
# Trust X-Forwarded-* only from the local nginx (one proxy hop).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # nginx writes the access log; the application logs one JSON line per request
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def on_starting(server):
    """Start from an empty metrics directory: files left by a previous run would be counted."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    """A worker that exits stops counting in the live gauges (prometheus_client's rule)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
