"""Time to first contact against both response targets: 30 minutes for "today" requests and
24 hours for "this week", on the page, in the CSV and in the brief, hidden below the threshold."""

import csv
import datetime
import io

import time_machine
from django.test import override_settings
from django.urls import reverse

from reports import services
from reports.models import ContactHoursMonthly
from support_requests.models import Urgency
from tests.reports.factories import InterventionFactory
from tests.reports.test_brief import pdf_text

NOW = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
IN_2025 = datetime.datetime(2025, 6, 10, 12, tzinfo=datetime.UTC)
TODAY_SHARE = 'Share of "today" requests contacted within 30 minutes'
WEEK_SHARE = 'Share of "this week" requests contacted within 24 hours'


def contacts(people, count, urgency, minutes):
    InterventionFactory.create_batch(
        count,
        unit=people.icu,
        requested_at=IN_2025,
        urgency=urgency,
        minutes_to_first_contact=minutes,
    )


def figures(client, query=None) -> dict[str, str]:
    response = client.get(reverse("reports:export"), query or {})
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return {
        r["dimension"]: r["value"]
        for r in rows
        if r["measure"] == "time_to_first_contact" and r["period"] == "2025"
    }


@time_machine.travel(NOW)
def test_each_urgency_is_measured_against_its_own_target(client, people):
    contacts(people, 9, Urgency.TODAY, 20)
    contacts(people, 3, Urgency.TODAY, 45)  # within 24 hours, but not within 30 minutes
    contacts(people, 16, Urgency.THIS_WEEK, 60)
    contacts(people, 12, Urgency.THIS_WEEK, 2000)
    client.force_login(people.sponsor)

    page = client.get(reverse("reports:dashboard"))
    shown = figures(client)

    assert shown[TODAY_SHARE] == "75%"  # 9 of 12
    assert shown[WEEK_SHARE] == "57%"  # 16 of 28
    assert shown["Share contacted within 24 hours"] == "70%"  # 28 of 40, the overall target
    headline = dict(page.context["headline"])
    assert headline[TODAY_SHARE] == "75%" and headline[WEEK_SHARE] == "57%"
    assert TODAY_SHARE.replace('"', "&quot;") in page.content.decode()


@time_machine.travel(NOW)
def test_a_share_resting_on_fewer_than_the_threshold_is_hidden_with_its_own_marker(client, people):
    contacts(people, 5, Urgency.TODAY, 20)
    contacts(people, 16, Urgency.THIS_WEEK, 60)
    contacts(people, 12, Urgency.THIS_WEEK, 2000)
    client.force_login(people.sponsor)

    shown = figures(client)

    assert shown[TODAY_SHARE] == "*"  # five "today" requests: never "<11", never a share
    assert shown[WEEK_SHARE] == "57%"


@time_machine.travel(NOW)
def test_by_month_the_shares_follow_the_band_figures_and_are_not_published(client, people):
    contacts(people, 20, Urgency.TODAY, 20)
    contacts(people, 20, Urgency.THIS_WEEK, 2000)
    client.force_login(people.sponsor)

    rows = csv.DictReader(
        io.StringIO(
            client.get(reverse("reports:export"), {"preset": "last_12_months"}).content.decode()
        )
    )
    june = {
        r["dimension"]: r["value"]
        for r in rows
        if r["measure"] == "time_to_first_contact" and r["period"] == "2025-06"
    }
    # Breakdowns are published by year: the month's bands are not, so neither are their shares.
    assert june["Within 24 hours"] == "—"
    assert june[TODAY_SHARE] == "*" and june[WEEK_SHARE] == "*"


@time_machine.travel(NOW)
def test_the_rollup_keeps_whether_each_target_was_met(people):
    contacts(people, 2, Urgency.TODAY, 30)
    contacts(people, 1, Urgency.TODAY, 31)
    contacts(people, 1, Urgency.THIS_WEEK, 24 * 60)
    services.rebuild_rollup()
    rows = set(
        ContactHoursMonthly.objects.values_list("urgency", "hours", "within_target", "count")
    )
    assert rows == {("today", 1, True, 2), ("today", 1, False, 1), ("this_week", 24, True, 1)}
    with override_settings(PEERSUPPORT={"RESPONSE_TARGET_MINUTES": {"today": 31}}):
        services.rebuild_rollup()
    assert ContactHoursMonthly.objects.filter(urgency="today", within_target=True).get().count == 3


@time_machine.travel(NOW)
def test_the_brief_prints_both_shares(client, people, tmp_path):
    contacts(people, 12, Urgency.TODAY, 20)
    contacts(people, 16, Urgency.THIS_WEEK, 60)
    contacts(people, 12, Urgency.THIS_WEEK, 2000)
    client.force_login(people.sponsor)
    text = pdf_text(client.get(reverse("reports:brief")).content, tmp_path)
    assert TODAY_SHARE in text and WEEK_SHARE in text
