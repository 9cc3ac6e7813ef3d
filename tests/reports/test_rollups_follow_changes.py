"""A change to an existing intervention reaches the dashboard at once, not at the nightly rebuild.

Each test reads the dashboard's CSV first (so the month is already rolled up), changes the
interventions through the workflow, and reads the figures again the next month: nothing else
rebuilds the month in between (no new intervention, no periodic job).
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from support_requests import services
from support_requests.models import Outreach, OutreachAssignment, State
from tests.reports.factories import InterventionFactory
from tests.support_requests.conftest import walk

EXPORT = reverse("reports:export")
YEAR_2025 = {"preset": "custom", "size": "year", "first_month": "2025-01", "last_month": "2025-12"}
IN_DECEMBER = datetime.datetime(2025, 12, 20, 12, tzinfo=datetime.UTC)
TWO_DAYS_LATER = datetime.datetime(2025, 12, 22, 12, tzinfo=datetime.UTC)
NEXT_MONTH = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)


def figure(client, measure: str, dimension: str) -> str:
    rows = csv.DictReader(io.StringIO(client.get(EXPORT, YEAR_2025).content.decode()))
    found = [
        r["value"]
        for r in rows
        if r["measure"] == measure and r["period"] == "2025" and r["dimension"] == dimension
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def december(people):
    """Large lines in December 2025, so one intervention more or less shows in the figures."""
    InterventionFactory.create_batch(
        12, unit=people.icu, requested_at=IN_DECEMBER, minutes_to_first_contact=60
    )
    InterventionFactory.create_batch(
        12, unit=people.icu, requested_at=IN_DECEMBER, minutes_to_first_contact=2000
    )
    return people


def test_a_corrected_first_contact_moves_the_intervention_between_the_bands(client, december):
    people = december
    client.force_login(people.sponsor)
    with time_machine.travel(IN_DECEMBER, tick=False):
        request = walk(people, State.CLOSED)  # contacted within minutes
    with time_machine.travel(TWO_DAYS_LATER, tick=False):
        client.get(EXPORT)  # rolls December up
        services.correct_first_contact(
            actor=people.supporter,
            support_request=request,
            contacted_at=request.submitted_at + datetime.timedelta(hours=30),
        )
    with time_machine.travel(NEXT_MONTH, tick=False):
        client.force_login(people.sponsor)  # a new session: the last one idled out
        assert figure(client, "time_to_first_contact", "After 24 hours") == "13"
        assert figure(client, "time_to_first_contact", "Within 24 hours") == "12"


@pytest.mark.parametrize(("corrected", "total"), [(3, "47"), (40, "84")])
def test_a_corrected_outreach_count_reaches_the_dashboard_at_once(
    client, december, corrected, total
):
    people = december
    # Outreach has no first contact: a large "not recorded" band beside it, so that the 3 left
    # after the correction has a partner in every line and the year's total shows.
    InterventionFactory.create_batch(
        20, unit=people.icu, requested_at=IN_DECEMBER, minutes_to_first_contact=None
    )
    client.force_login(people.sponsor)
    with time_machine.travel(TWO_DAYS_LATER, tick=False):
        outreach = Outreach.objects.create(
            category="patient_death", unit=people.icu, event_on=datetime.date(2025, 12, 19)
        )
        OutreachAssignment.objects.create(outreach=outreach, supporter=people.supporter)
        services.log_outreach_contacts(
            actor=people.supporter,
            outreach=outreach,
            people=30,
            duration_band="under_15",
            referral="none",
            confirmed=True,
        )
        client.get(EXPORT)  # rolls December up
        services.correct_outreach_contacts(
            actor=people.icu_lead, assignment=OutreachAssignment.objects.get(), people=corrected
        )
    with time_machine.travel(NEXT_MONTH, tick=False):
        client.force_login(people.sponsor)  # a new session: the last one idled out
        assert figure(client, "interventions", "Total") == total


def test_redirection_undo_withdrawal_and_close_without_contact_leave_interventions_alone(
    client, december
):
    """None of them writes an intervention; a redirection is counted, by its reason, only once
    its undo window has passed (the dashboard reads the redirections directly)."""
    people = december
    client.force_login(people.sponsor)
    with time_machine.travel(IN_DECEMBER, tick=False):
        client.get(EXPORT)
        kept = walk(people, State.REDIRECTED)
        undone = walk(people, State.REDIRECTED)
        services.undo_redirect(actor=people.central, support_request=undone)
        walk(people, State.WITHDRAWN)
        contacted = walk(people, State.ACCEPTED)
        services.close_without_contact(
            actor=people.supporter, support_request=contacted, reason="could_not_reach", attempts=2
        )
    with time_machine.travel(TWO_DAYS_LATER, tick=False):
        services.finish_redirections()
    with time_machine.travel(NEXT_MONTH, tick=False):
        client.force_login(people.sponsor)  # a new session: the last one idled out
        assert figure(client, "interventions", "Total") == "24"
        assert kept.redirect_reason == "hr"
        hr = "Grievance about a colleague (Human Resources)"
        assert figure(client, "redirections", hr) == "<11"
        assert figure(client, "redirections", "Emergency (crisis resources)") == "0"
