"""Prometheus metrics: django-prometheus's request metrics plus the program's own figures.

The application figures are read from the database at scrape time (a few aggregate queries), so
every gunicorn worker answers the same; request counters live in each worker and are merged from
PROMETHEUS_MULTIPROC_DIR when gunicorn runs several (deploy/gunicorn.conf.py). Only counts, ages
and times: no label ever carries a person, a unit or a request.
"""

import logging
import os

from django.db import DatabaseError
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from operations import selectors

logger = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_LATEST

# The states in which a request waits for someone to act (triage, unit, supporter, first contact).
WAITING_STATES = ("submitted", "triaged", "routed", "assigned", "accepted")


class ApplicationCollector:
    """Gauges computed from the database when Prometheus scrapes.

    If the database cannot answer, the scrape still succeeds with the process metrics and
    `peersupport_application_metrics_up 0`, so an outage shows as data rather than a failed scrape.
    """

    def collect(self):
        try:
            families = list(self._application_families())
        except DatabaseError as error:
            logger.warning("application metrics unavailable: %s", type(error).__name__)
            families = []
        yield GaugeMetricFamily(
            "peersupport_application_metrics_up",
            "1 when the program's figures below could be read from the database",
            value=1 if families else 0,
        )
        yield from families

    def _application_families(self):
        by_state = GaugeMetricFamily(
            "peersupport_requests", "Support requests by state", labels=["state"]
        )
        for state, count in sorted(selectors.requests_by_state().items()):
            by_state.add_metric([state], count)
        yield by_state

        waiting = GaugeMetricFamily(
            "peersupport_queue_oldest_age_seconds",
            "Age of the oldest request waiting in each queue state (0 when none waits)",
            labels=["state"],
        )
        oldest = selectors.oldest_waiting_by_state(WAITING_STATES)
        for state in WAITING_STATES:
            waiting.add_metric([state], selectors.age_seconds(oldest.get(state)))
        yield waiting

        outbox = selectors.notice_outbox()
        yield GaugeMetricFamily(
            "peersupport_notices_pending",
            "Outbox notices waiting to be sent",
            value=outbox["pending"],
        )
        yield GaugeMetricFamily(
            "peersupport_notices_parked",
            "Outbox notices given up after repeated failures (need a person)",
            value=outbox["parked"],
        )
        yield GaugeMetricFamily(
            "peersupport_notices_oldest_pending_age_seconds",
            "Age of the oldest outbox notice waiting to be sent (0 when none)",
            value=selectors.age_seconds(outbox["oldest"]),
        )

        last_success = GaugeMetricFamily(
            "peersupport_job_last_success_timestamp_seconds",
            "When each periodic job last succeeded (Unix time; 0 if never)",
            labels=["job"],
        )
        for job in selectors.job_statuses():
            when = job.last_success_at.timestamp() if job.last_success_at else 0.0
            last_success.add_metric([job.name], when)
        yield last_success


def exposition() -> bytes:
    """The text a scrape returns: this process's (or all workers') metrics, then the program's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    application_registry = CollectorRegistry()
    application_registry.register(ApplicationCollector())
    return generate_latest(process_registry) + generate_latest(application_registry)
