"""Nothing irreversible by accident: the first POST of a destructive action shows a page that says
what will happen and changes nothing; only that page's own button acts. No destructive choice is
preselected."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from committees.forms import AssignRoleForm, MemberForm
from committees.models import CommitteeMembership
from core.models import AuditEvent
from tests.committees.factories import MeetingFactory
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory


def _asks_then_acts(client, url, button, django_assert_max_num_queries):
    events = AuditEvent.objects.count()
    with django_assert_max_num_queries(15):
        page = client.post(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "This is what will happen" in html and button in html
    assert 'name="confirmed" value="yes"' in html and f'action="{url}"' in html
    assert AuditEvent.objects.count() == events
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert AuditEvent.objects.count() > events


def test_removing_a_member_asks_first(client, people, django_assert_max_num_queries):
    committee = CommitteeFactory(slug="wellbeing")
    membership = CommitteeMembershipFactory(committee=committee, user=UserFactory())
    client.force_login(people.manager)
    url = reverse("committees:remove_member", args=[committee.slug, membership.pk])
    _asks_then_acts(client, url, "Yes, remove them", django_assert_max_num_queries)
    assert not CommitteeMembership.objects.filter(pk=membership.pk).exists()


def test_cancelling_a_meeting_asks_first(client, people, django_assert_max_num_queries):
    start = datetime.datetime(2027, 1, 8, 15, tzinfo=ZoneInfo("America/New_York"))
    meeting = MeetingFactory(committee=CommitteeFactory(slug="wellbeing"), starts_at=start)
    client.force_login(people.manager)
    url = reverse("committees:cancel_meeting", args=[meeting.pk])
    _asks_then_acts(client, url, "Yes, cancel the meeting", django_assert_max_num_queries)
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None


def test_no_destructive_choice_is_preselected(db):
    assert MemberForm().fields["role"].initial == "member"
    assert MemberForm().fields["role"].choices[0][0] == "member"
    assert AssignRoleForm().fields["role"].choices[0][0] == ""
    assert "role" in AssignRoleForm(data={"person": "nobody@example.org"}).errors
