"""Committees and their members: the manager adds both; members see only their own committees."""

import datetime

from django.urls import reverse

from committees import access, calendar
from committees.models import Committee, CommitteeMembership, MeetingKind
from core.roles import Role
from tests.committees.factories import MeetingFactory
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory


def test_standing_committees_exist_from_the_start(db):
    assert set(Committee.objects.filter(is_standing=True).values_list("slug", flat=True)) == {
        "advisory",
        "education",
        "marketing-communications",
        "it",
    }


def test_a_member_sees_only_their_committees_and_the_manager_sees_all(client, people):
    client.force_login(people.education)
    page = client.get(reverse("committees:index")).content.decode()
    assert "Education Committee" in page and "IT Committee" not in page
    client.force_login(people.manager)
    page = client.get(reverse("committees:index")).content.decode()
    assert "Education Committee" in page and "IT Committee" in page


def test_the_committee_list_counts_each_committees_members_and_meetings(client, people):
    busy = CommitteeFactory(name="Busy Committee")
    CommitteeFactory(name="Empty Committee")
    for _ in range(3):
        CommitteeMembershipFactory(committee=busy)
    for _ in range(4):
        MeetingFactory(committee=busy)
    CommitteeMembershipFactory(committee=busy, user=people.manager)
    client.force_login(people.manager)
    rows = {c.name: c for c in client.get(reverse("committees:index")).context["page"]}
    assert (rows["Busy Committee"].member_count, rows["Busy Committee"].meeting_count) == (4, 4)
    assert (rows["Empty Committee"].member_count, rows["Empty Committee"].meeting_count) == (0, 0)
    assert rows["Busy Committee"].is_mine and not rows["Empty Committee"].is_mine


def test_the_manager_adds_a_committee_and_a_member_who_then_sees_it(client, people):
    client.force_login(people.manager)
    response = client.post(
        reverse("committees:add_committee"), {"name": "Wellbeing Research", "purpose": "Studies"}
    )
    assert response["Location"] == reverse("committees:committee", args=["wellbeing-research"])
    newcomer = UserFactory()
    client.post(
        reverse("committees:add_member", args=["wellbeing-research"]),
        {"person": newcomer.email, "role": "co_chair"},
    )
    membership = CommitteeMembership.objects.get(user=newcomer)
    assert membership.role == "co_chair"
    assert Role.COMMITTEE_MEMBER in access.roles_of(newcomer)
    client.force_login(newcomer)
    assert (
        client.get(reverse("committees:committee", args=["wellbeing-research"])).status_code == 200
    )

    client.force_login(people.manager)
    client.post(
        reverse("committees:remove_member", args=["wellbeing-research", membership.pk]),
        {"confirmed": "yes"},
    )
    client.force_login(newcomer)
    assert client.get(reverse("committees:index")).status_code == 403


def test_a_committee_named_like_a_page_is_refused(client, people):
    client.force_login(people.manager)
    response = client.post(reverse("committees:add_committee"), {"name": "Policies"})
    assert response.status_code == 200 and b'role="alert"' in response.content
    assert not Committee.objects.filter(slug="policies").exists()


def test_adding_someone_twice_is_refused_with_a_reason(client, people):
    client.force_login(people.manager)
    response = client.post(
        reverse("committees:add_member", args=["education"]),
        {"person": people.education.email, "role": "member"},
        follow=True,
    )
    assert b"already a member" in response.content
    assert CommitteeMembership.objects.filter(user=people.education).count() == 1


def test_calendar_feed_events_cover_the_persons_committees_and_community_meetings(people):
    education = CommitteeFactory(slug="education")
    mine = MeetingFactory(committee=education, recurrence="FREQ=MONTHLY;BYDAY=2TU")
    MeetingFactory(committee=CommitteeFactory(slug="it"))
    community = MeetingFactory(
        kind=MeetingKind.COMMUNITY, committee=None, quarter_start=datetime.date(2027, 1, 1)
    )
    member_uids = {str(event["UID"]) for event in calendar.meeting_events(people.education)}
    assert member_uids == {mine.uid}
    supporter_uids = {str(event["UID"]) for event in calendar.meeting_events(people.supporter)}
    assert supporter_uids == {community.uid}
    both = CommitteeMembershipFactory(committee=education, user=people.ed_supporter).user
    assert {str(e["UID"]) for e in calendar.meeting_events(both)} == {mine.uid, community.uid}
