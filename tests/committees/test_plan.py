"""The program plan, what is late, and the setup checklist computed from the data."""

import datetime

from django.urls import reverse
from django.utils import timezone

from committees import selectors, services
from committees.models import ActivityStatus, CommitteeMembership, Meeting
from tests.committees.factories import MeetingFactory, PlanActivityFactory, PolicyVersionFactory
from tests.factories import CommitteeFactory


def checklist() -> dict[str, bool]:
    return {item.check: item.done for item in selectors.setup_checklist()}


EDUCATION_ITEM = "The Education Committee has at least one member"
MEETINGS_ITEM = "Each standing committee has a recurring meeting scheduled"
ROLES_ITEM = "Every program role has a holder"


def test_removing_the_only_education_member_reopens_its_item(client, people):
    assert checklist()[EDUCATION_ITEM] is True
    membership = CommitteeMembership.objects.get(committee__slug="education")
    services.remove_member(membership=membership, actor=people.manager)
    assert checklist()[EDUCATION_ITEM] is False
    client.force_login(people.chair)
    page = client.get(reverse("committees:plan")).content.decode()
    row = page.split(EDUCATION_ITEM)[1].split("</tr>")[0]
    assert "Open" in row and "Missing: Education Committee" in row


def test_role_item_is_done_only_when_every_group_role_has_a_holder(people):
    assert checklist()[ROLES_ITEM] is True
    services.assign_role(user=people.staff, role="chair", actor=people.chair)
    services.remove_role(user=people.chair, role="chair", actor=people.chair)
    assert checklist()[ROLES_ITEM] is True
    people.sponsor.groups.clear()
    assert checklist()[ROLES_ITEM] is False


def test_meetings_item_needs_a_recurring_meeting_for_each_standing_committee(people):
    assert checklist()[MEETINGS_ITEM] is False
    for committee in CommitteeFactory._meta.model.objects.filter(is_standing=True):
        MeetingFactory(committee=committee, recurrence="")
    assert checklist()[MEETINGS_ITEM] is False  # one-off meetings are not a rhythm
    Meeting.objects.update(recurrence="FREQ=MONTHLY;BYDAY=2TU")
    assert checklist()[MEETINGS_ITEM] is True


def test_role_description_item_counts_supporters_who_have_not_acknowledged(people):
    item = "Every active supporter has acknowledged the current role description"
    assert checklist()[item] is False  # nothing published yet
    version = PolicyVersionFactory(
        policy=selectors.Policy.objects.get(slug="supporter-role-description")
    )
    assert checklist()[item] is False
    for supporter in (people.supporter, people.ed_supporter):
        services.acknowledge_policy(version=version, user=supporter)
    assert checklist()[item] is True


def test_the_late_view_lists_unfinished_activities_past_their_due_date(client, people):
    today = timezone.localdate()
    late = PlanActivityFactory(activity="Print posters", due_on=today - datetime.timedelta(days=3))
    PlanActivityFactory(
        activity="Done already",
        due_on=today - datetime.timedelta(days=9),
        status=ActivityStatus.DONE,
    )
    PlanActivityFactory(activity="Not due yet", due_on=today + datetime.timedelta(days=3))
    assert list(selectors.late_activities()) == [late]
    client.force_login(people.manager)
    page = client.get(reverse("committees:late")).content.decode()
    assert "Print posters" in page and "Done already" not in page and "Not due yet" not in page
    plan = client.get(reverse("committees:plan")).content.decode()
    assert plan.count("(late)") == 1
    assert "See what is late (1)" in plan


def test_an_activity_is_added_and_moved_on_through_the_pages(client, people):
    area = PlanActivityFactory().area
    client.force_login(people.chair)
    response = client.post(
        reverse("committees:add_activity"),
        {
            "area": area.pk,
            "activity": "Train role holders",
            "who": "person",
            "person": people.manager.email,
            "timeframe": "2 months",
            "desired_outcome": "Everyone knows their role",
            "due_on": "2027-01-15",
        },
    )
    assert response.status_code == 302
    item = selectors.PlanActivity.objects.get(activity="Train role holders")
    assert item.responsible == people.manager
    response = client.post(
        reverse("committees:edit_activity", args=[item.pk]),
        {"status": "done", "due_on": "2027-01-15", "who": ""},
    )
    item.refresh_from_db()
    assert (item.status, item.responsible) == (ActivityStatus.DONE, None)
