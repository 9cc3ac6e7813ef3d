"""The disclosure audit of a measure outside the interventions: requests redirected, by reason.

Redirections are hospital-wide figures (no unit), counted by reason and month. The sponsor can
download them for every period size and range; each figure is a sum of unknown (reason, month)
cells. For every small cell and every hidden figure the audit solves for the smallest and the
largest value consistent with all the downloads (tests/reports/audit_lp.py), as the intervention
audit does. Suppressed table by table, all 138 of its distinct small cells and hidden figures were
pinned, 17 exactly (first counted as 234 of 234 and 26, with repeats); under the fixed
publication grains (reports/disclosure.py) none is. The other measures outside the
interventions are audited in test_disclosure_audit_measures.py.
"""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
import time_machine

from core.roles import GROUP_FOR_ROLE, Role
from reports import suppression
from support_requests.models import Redirection, RedirectReason
from tests.factories import UserFactory
from tests.reports.audit_lp import LinearSystem, pinned, report, small_candidates
from tests.reports.test_disclosure_audit import EXPORT, MONTHS, months_of, requests_for_every_view

REASONS = [value for value, _ in RedirectReason.choices]
LABELS = {label: value for value, label in RedirectReason.choices}
MEANS = {"hr": 3.0, "eap": 1.0, "crisis": 6.0}


def seed(rng: random.Random) -> dict[tuple[str, int], int]:
    truth = {}
    rows = []
    for m, month in enumerate(MONTHS):
        for reason in REASONS:
            count = max(0, round(rng.gauss(MEANS[reason], MEANS[reason] / 2)))
            truth[(reason, m)] = count
            rows += [
                Redirection(reason=reason, occurred_on=month.replace(day=rng.randint(1, 28)))
                for _ in range(count)
            ]
    Redirection.objects.bulk_create(rows)
    return truth


def figures(client) -> set[tuple[str | None, tuple[int, ...], str]]:
    found = set()
    for query in requests_for_every_view():
        response = client.get(EXPORT, query)
        assert response.status_code == 200
        for row in csv.DictReader(io.StringIO(response.content.decode())):
            if row["measure"] != "redirections":
                continue
            if row["dimension"] == "Total":
                reason = None
            elif row["dimension"] in LABELS:
                reason = LABELS[row["dimension"]]
            else:
                continue
            found.add((reason, tuple(months_of(row["period"])), row["value"]))
    return found


@pytest.mark.django_db
def test_no_small_redirection_count_is_pinned_from_everything_the_sponsor_downloads(client):
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        truth = seed(random.Random(7))
        client.force_login(UserFactory(roles=[GROUP_FOR_ROLE[Role.SPONSOR]]))
        published = figures(client)
    limit = suppression.threshold()
    system = LinearSystem()
    for key in truth:
        system.unknown(key)

    def cells(reason, months) -> dict[int, float]:
        reasons = [reason] if reason else REASONS
        return {system.index[(r, m)]: 1.0 for r in reasons for m in months}

    hidden = []
    for reason, months, value in published:
        if months:
            system.add_sum(cells(reason, months), value)
            if not value.isdigit():
                hidden.append((f"{reason} {months} {value}", cells(reason, months)))
    assert hidden, "the seed must hide something"
    values = {i: truth[key] for key, i in system.index.items()}
    small = small_candidates(system, hidden, lambda c: sum(values[i] for i in c), limit)
    found = pinned(system, small, limit)
    assert not found, f"{len(small)} small cells: " + report(found)
