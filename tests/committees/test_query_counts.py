"""List pages cost the same number of queries with N rows and with 5N rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee, MeetingKind
from tests.committees.factories import MeetingFactory, PlanActivityFactory, PolicyVersionFactory
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    LocalLeadFactory,
    SupporterProfileFactory,
    UserFactory,
)


def add_committees(people, count):
    for _ in range(count):
        committee = CommitteeFactory()
        CommitteeMembershipFactory(committee=committee, role="chair")
        MeetingFactory(committee=committee)


def add_community_meetings(people, count):
    existing = MeetingFactory._meta.model.objects.filter(kind=MeetingKind.COMMUNITY).count()
    for index in range(existing, existing + count):
        MeetingFactory(
            kind=MeetingKind.COMMUNITY,
            committee=None,
            quarter_start=datetime.date(2000 + index, 1, 1),
        )


def add_role_holders(people, count):
    from committees import services

    for _ in range(count):
        services.assign_role(user=UserFactory(), role="sponsor", actor=people.chair)
        LocalLeadFactory()


def add_activities(people, count):
    today = timezone.localdate()
    for _ in range(count):
        PlanActivityFactory(responsible=UserFactory(), due_on=today - datetime.timedelta(days=2))


def add_unacknowledged_supporters(people, count):
    from committees.models import Policy

    policy = Policy.objects.get(slug="confidentiality-agreement")
    if not policy.versions.exists():
        PolicyVersionFactory(policy=policy, number=1)
    for _ in range(count):
        SupporterProfileFactory()


def add_education_meetings(people, count):
    education = Committee.objects.get(slug="education")
    for _ in range(count):
        MeetingFactory(committee=education, recurrence="FREQ=MONTHLY;BYDAY=2TU")
        CommitteeMembershipFactory(committee=education)


def add_plan_items_by_committee_and_role(people, count):
    for index in range(count):
        if index % 2:
            PlanActivityFactory(responsible_committee=CommitteeFactory())
        else:
            PlanActivityFactory(responsible_role="sponsor")


WEEKLY_START = datetime.datetime(2026, 1, 6, 15, tzinfo=datetime.UTC)


def weekly_meeting():
    education = Committee.objects.get(slug="education")
    meeting = education.meetings.filter(title="Weekly huddle").first()
    return meeting or MeetingFactory(
        committee=education, title="Weekly huddle", starts_at=WEEKLY_START, recurrence="FREQ=WEEKLY"
    )


def add_occurrence_records(people, count):
    """Records with published agendas for past weeks of a weekly meeting."""
    from committees import services
    from committees.models import MeetingRecord

    meeting = weekly_meeting()
    done = MeetingRecord.objects.filter(meeting=meeting).count()
    for week in range(done, done + count):
        day = (WEEKLY_START + datetime.timedelta(weeks=week)).date()
        record = services.record_for(meeting=meeting, occurs_on=day, actor=people.manager)
        services.keep_record(record=record, agenda="a", minutes="m", actor=people.manager)
        services.publish_record(record=record, part="minutes", actor=people.manager)


def add_actions(people, count):
    from committees import services

    meeting = weekly_meeting()
    record = services.record_for(
        meeting=meeting, occurs_on=WEEKLY_START.date(), actor=people.manager
    )
    for _ in range(count):
        services.add_action(
            record=record, description="Do it", owner=UserFactory(), actor=people.manager
        )


PAGES = [
    ("committees:index", [], "manager", add_committees),
    ("committees:index", [], "education", add_committees),
    ("committees:committee", ["education"], "manager", add_education_meetings),
    ("committees:community", [], "supporter", add_community_meetings),
    ("committees:leadership", [], "chair", add_role_holders),
    ("committees:plan", [], "chair", add_activities),
    ("committees:plan", [], "chair", add_plan_items_by_committee_and_role),
    ("committees:late", [], "manager", add_activities),
    ("committees:policies", [], "manager", add_unacknowledged_supporters),
    (
        "committees:policy_missing",
        ["confidentiality-agreement"],
        "icu_lead",
        add_unacknowledged_supporters,
    ),
]


OCCURRENCE_PAGES = [
    ("committees:minutes", "manager", add_occurrence_records),
    ("committees:minutes", "education", add_occurrence_records),
    ("committees:occurrence", "manager", add_actions),
    ("committees:occurrence", "education", add_actions),
]


@pytest.mark.parametrize(("name", "who", "grow"), OCCURRENCE_PAGES)
def test_occurrence_pages_queries_do_not_grow_with_rows(
    client, people, name, who, grow, django_assert_max_num_queries
):
    CommitteeFactory(slug="education")
    meeting = weekly_meeting()
    args = [meeting.pk] if name == "committees:minutes" else [meeting.pk, "2026-01-06"]
    url = reverse(name, args=args)
    assert_flat(client, people, who, url, grow, django_assert_max_num_queries)


def assert_flat(client, people, who, url, grow, django_assert_max_num_queries) -> None:
    """The page costs no more queries with five times the rows, and at most 25."""
    client.force_login(people.by_role()[who])
    grow(people, 3)
    small = queries_for(client, url)
    grow(people, 12)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 25, f"{url}: {small} queries"


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "args", "who", "grow"), PAGES)
def test_list_page_queries_do_not_grow_with_rows(
    client, people, name, args, who, grow, django_assert_max_num_queries
):
    assert_flat(client, people, who, reverse(name, args=args), grow, django_assert_max_num_queries)
