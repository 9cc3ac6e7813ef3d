"""Governance as the program runs it: agenda and minutes per occurrence, plan areas and who is
responsible, policies written in the app and acknowledged again at each new version."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from committees import selectors, services
from committees.models import MeetingAction, MeetingRecord, PlanActivity, Policy, ProgramArea
from core.models import AuditEvent, Notification
from core.roles import Role
from roster.models import SupporterProfile
from tests.committees.factories import MeetingFactory, PlanActivityFactory, PolicyVersionFactory
from tests.factories import CommitteeFactory

NEW_YORK = ZoneInfo("America/New_York")
FIRST = datetime.datetime(2026, 9, 8, 15, tzinfo=NEW_YORK)  # the second Tuesday of September
SEPTEMBER, OCTOBER, NOVEMBER = (
    datetime.date(2026, 9, 8),
    datetime.date(2026, 10, 13),
    datetime.date(2026, 11, 10),
)


@pytest.fixture
def monthly(people):
    education = CommitteeFactory(slug="education")
    return MeetingFactory(
        committee=education,
        starts_at=FIRST,
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
        agenda="1. Welcome",
    )


def details(object_type: str, object_id) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id))
        .order_by("pk")
        .values_list("detail", flat=True)
    )


# ---- agenda and minutes per occurrence --------------------------------------------------------


def test_each_occurrence_has_its_own_agenda_and_minutes(monthly, people):
    september = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    october = services.record_for(meeting=monthly, occurs_on=OCTOBER, actor=people.manager)
    assert september.agenda == october.agenda == "1. Welcome"  # both start from the standing one
    services.keep_record(
        record=september, agenda="1. Budget", minutes="Agreed.", actor=people.manager
    )
    october.refresh_from_db()
    assert (october.agenda, october.minutes) == ("1. Welcome", "")
    assert MeetingRecord.objects.filter(meeting=monthly).count() == 2


def test_a_day_the_meeting_does_not_take_place_has_no_record(monthly, people):
    with pytest.raises(services.CommitteeError):
        services.record_for(
            meeting=monthly, occurs_on=datetime.date(2026, 9, 9), actor=people.manager
        )
    assert not MeetingRecord.objects.exists()


def test_members_see_only_what_is_published_and_are_told_when_it_is(client, monthly, people):
    record = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    services.keep_record(
        record=record, agenda="Secret draft agenda", minutes="Draft minutes", actor=people.manager
    )
    url = reverse("committees:occurrence", args=[monthly.pk, SEPTEMBER.isoformat()])
    client.force_login(people.education)
    page = client.get(url).content.decode()
    assert "Secret draft agenda" not in page and "Draft minutes" not in page
    client.force_login(people.manager)
    assert "Secret draft agenda" in client.get(url).content.decode()  # the keeper sees drafts

    services.publish_record(record=record, part="agenda", actor=people.manager)
    client.force_login(people.education)
    page = client.get(url).content.decode()
    assert "Secret draft agenda" in page and "Draft minutes" not in page
    told = Notification.objects.filter(kind="meeting.agenda_published", recipient=people.education)
    assert told.get().occurrence == "2026-09-08"

    services.publish_record(record=record, part="minutes", actor=people.manager)
    assert "Draft minutes" in client.get(url).content.decode()
    assert Notification.objects.filter(kind="meeting.minutes_published").count() == 1
    with pytest.raises(services.CommitteeError):
        services.publish_record(record=record, part="minutes", actor=people.manager)
    assert details("meeting", monthly.pk)[-2:] == [
        "occurrence 2026-09-08: agenda published",
        "occurrence 2026-09-08: minutes published",
    ]


def test_a_change_after_publication_is_a_correction_keeping_the_previous_length(monthly, people):
    record = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    services.keep_record(record=record, agenda="", minutes="Agreed.", actor=people.manager)
    services.publish_record(record=record, part="minutes", actor=people.manager)
    services.keep_record(record=record, agenda="", minutes="Agreed twice.", actor=people.manager)
    assert details("meeting", monthly.pk)[-1] == ("2026-09-08 minutes corrected, was 7 chars")


def test_nothing_empty_is_published(monthly, people):
    record = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    with pytest.raises(services.CommitteeError):
        services.publish_record(record=record, part="minutes", actor=people.manager)
    assert not Notification.objects.filter(kind="meeting.minutes_published").exists()


def test_open_actions_are_carried_forward_to_the_next_occurrence(monthly, people):
    september = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    posters = services.add_action(
        record=september, description="Print posters", owner=people.education, actor=people.manager
    )
    rota = services.add_action(
        record=september, description="Fill the rota", owner=None, actor=people.manager
    )
    services.close_action(action=rota, actor=people.manager)
    assert Notification.objects.filter(kind="meeting.action", recipient=people.education).exists()

    october = services.record_for(meeting=monthly, occurs_on=OCTOBER, actor=people.manager)
    carried = list(october.actions.all())
    assert [(a.description, a.owner, a.carried_from) for a in carried] == [
        ("Print posters", people.education, posters)
    ]
    assert details("meeting", monthly.pk)[-1] == (
        "occurrence 2026-10-13 opened, 1 actions carried forward"
    )
    # Done in October: done where it started too, so November does not carry it again.
    services.close_action(action=carried[0], actor=people.manager)
    posters.refresh_from_db()
    assert posters.done_on is not None
    november = services.record_for(meeting=monthly, occurs_on=NOVEMBER, actor=people.manager)
    assert not november.actions.exists()


def test_the_keeper_sees_what_will_be_carried_before_the_record_exists(client, monthly, people):
    september = services.record_for(meeting=monthly, occurs_on=SEPTEMBER, actor=people.manager)
    services.add_action(
        record=september, description="Book the room", owner=None, actor=people.manager
    )
    client.force_login(people.manager)
    page = client.get(
        reverse("committees:occurrence", args=[monthly.pk, OCTOBER.isoformat()])
    ).content.decode()
    assert "Open actions to carry forward" in page and "Book the room" in page
    assert not MeetingRecord.objects.filter(occurs_on=OCTOBER).exists()  # a GET writes nothing


def test_the_occurrence_pages_write_publish_and_close_through_forms(client, monthly, people):
    people.education.committee_memberships.update(role="chair")
    client.force_login(people.education)
    day = SEPTEMBER.isoformat()
    edit = reverse("committees:edit_occurrence", args=[monthly.pk, day])
    assert client.post(edit, {"agenda": "1. Rota", "minutes": "Agreed."}).status_code == 302
    publish = reverse("committees:publish_occurrence", args=[monthly.pk, day])
    assert client.post(publish, {"part": "minutes"}).status_code == 302
    add = reverse("committees:add_action", args=[monthly.pk, day])
    assert client.post(add, {"description": "Call the chaplain", "owner": ""}).status_code == 302
    action = MeetingAction.objects.get()
    done = reverse("committees:close_action", args=[monthly.pk, day, action.pk])
    assert client.post(done).status_code == 302
    record = MeetingRecord.objects.get()
    action.refresh_from_db()
    assert record.minutes_published_at is not None and record.agenda_published_at is None
    assert action.done_on is not None


def test_an_address_for_a_day_without_an_occurrence_is_not_found(client, monthly, people):
    client.force_login(people.manager)
    for day in ("2026-09-09", "not-a-date", "2026-02-30"):
        url = reverse("committees:occurrence", args=[monthly.pk, day])
        assert client.get(url).status_code == 404


def test_a_meetings_old_minutes_become_its_first_occurrences(people):
    """The data migration's rule: published, on the first occurrence's local day."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("committees.migrations.0008_minutes_move_to_first_occurrence")
    meeting = MeetingFactory(
        starts_at=datetime.datetime(2026, 9, 9, 1, tzinfo=datetime.UTC),  # 8 Sept in New York
        agenda="Old agenda",
        minutes="Old minutes",
    )
    MeetingFactory(agenda="", minutes="")
    migration.forwards(apps, None)
    record = MeetingRecord.objects.get()
    assert (record.meeting, record.occurs_on) == (meeting, datetime.date(2026, 9, 8))
    assert record.minutes == "Old minutes" and record.minutes_published_at is not None


def test_the_list_of_occurrences_shows_each_state(client, monthly, people):
    record = services.record_for(meeting=monthly, occurs_on=OCTOBER, actor=people.manager)
    services.keep_record(record=record, agenda="x", minutes="y", actor=people.manager)
    services.publish_record(record=record, part="agenda", actor=people.manager)
    now = datetime.datetime(2026, 11, 23, 12, tzinfo=NEW_YORK)
    rows = selectors.occurrence_rows(monthly, now)
    assert [row.day for row in rows] == [
        datetime.date(2027, 2, 9),
        datetime.date(2027, 1, 12),
        datetime.date(2026, 12, 8),
        NOVEMBER,
        OCTOBER,
        SEPTEMBER,
    ]
    october = rows[4]
    assert (october.agenda_published, october.minutes_published) == (True, False)
    with time_machine.travel(now):
        client.force_login(people.education)
        page = client.get(reverse("committees:minutes", args=[monthly.pk])).content.decode()
    assert reverse("committees:occurrence", args=[monthly.pk, "2026-10-13"]) in page
    assert page.count("Published") == 1 and page.count("Draft") == 1


# ---- the program plan ---------------------------------------------------------------------------


def test_the_chair_adds_and_renames_areas_and_activities_stay_in_them(client, people):
    item = PlanActivityFactory(area=ProgramArea.objects.create(name="Recruitment", position=1))
    client.force_login(people.chair)
    assert client.post(reverse("committees:add_area"), {"name": "Outreach"}).status_code == 302
    area = item.area
    url = reverse("committees:rename_area", args=[area.pk])
    assert client.post(url, {"name": "Recruiting supporters"}).status_code == 302
    item.refresh_from_db()
    assert item.area.name == "Recruiting supporters"
    assert list(ProgramArea.objects.values_list("name", flat=True)) == [
        "Recruiting supporters",
        "Outreach",
    ]
    assert details("program_area", area.pk) == ["renamed, corrected from 'Recruitment'"]
    duplicate = client.post(reverse("committees:add_area"), {"name": "outreach"})
    assert duplicate.status_code == 200 and ProgramArea.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "field"),
    [
        ("person", "person"),
        ("committee", "committee"),
        ("role", "role"),
    ],
)
def test_who_is_a_person_a_committee_or_a_role(client, people, who, field):
    education = CommitteeFactory(slug="education", name="Education Committee")
    values = {
        "person": people.manager.email,
        "committee": education.pk,
        "role": Role.SPONSOR.value,
    }
    area = ProgramArea.objects.create(name="Training", position=1)
    client.force_login(people.chair)
    response = client.post(
        reverse("committees:add_activity"),
        {"area": area.pk, "activity": "Plan the year", "who": who, field: values[field]},
    )
    assert response.status_code == 302
    item = PlanActivity.objects.get(activity="Plan the year")
    expected = {
        "person": people.manager.display_name,
        "committee": "Education Committee",
        "role": str(Role.SPONSOR.label),
    }[who]
    assert item.who == expected
    assert expected in client.get(reverse("committees:plan")).content.decode()


def test_who_needs_its_value_and_only_one_is_kept(client, people):
    area = ProgramArea.objects.create(name="Training", position=1)
    client.force_login(people.chair)
    missing = client.post(
        reverse("committees:add_activity"),
        {"area": area.pk, "activity": "Nobody", "who": "committee"},
    )
    assert missing.status_code == 200 and not PlanActivity.objects.exists()
    client.post(
        reverse("committees:add_activity"),
        {
            "area": area.pk,
            "activity": "Both given",
            "who": "role",
            "role": Role.CHAIR.value,
            "person": people.manager.email,
        },
    )
    item = PlanActivity.objects.get()
    assert (item.responsible, item.responsible_role) == (None, Role.CHAIR.value)


# ---- policies -----------------------------------------------------------------------------------


def test_the_chair_writes_a_new_policy_and_supporters_are_asked_to_acknowledge_it(client, people):
    client.force_login(people.chair)
    response = client.post(
        reverse("committees:new_policy"),
        {"title": "Social media", "body": "Never post about a colleague's **request**."},
    )
    assert response.status_code == 302
    policy = Policy.objects.get(slug="social-media")
    asked = Notification.objects.filter(kind="policy.acknowledge", subject_id=str(policy.pk))
    active = set(selectors.active_supporters())
    assert {n.recipient for n in asked} == active and active
    assert details("policy", policy.pk) == ["policy created", "version 1 published"]
    again = client.post(reverse("committees:new_policy"), {"title": "Social Media", "body": "x"})
    assert (
        again.status_code == 200
        and Policy.objects.filter(title__iexact="social media").count() == 1
    )


def test_a_new_version_asks_again_and_the_page_shows_it(client, people):
    policy = Policy.objects.get(slug="confidentiality-agreement")
    PolicyVersionFactory(policy=policy, number=1, body="First text")
    services.acknowledge_policy(version=policy.versions.get(), user=people.supporter)
    client.force_login(people.chair)
    response = client.post(
        reverse("committees:publish_policy", args=[policy.slug]), {"body": "Second text"}
    )
    assert response.status_code == 302
    asked = Notification.objects.get(kind="policy.acknowledge", recipient=people.supporter)
    assert asked.occurrence == "2"
    client.force_login(people.supporter)
    page = client.get(reverse("committees:policy", args=[policy.slug])).content.decode()
    assert "Second text" in page and "I have read and accept version 2" in page
    assert "new version 2" in client.get(reverse("committees:policies")).content.decode()


def test_acknowledging_the_new_agreement_is_the_roster_signature(people):
    policy = Policy.objects.get(slug="confidentiality-agreement")
    PolicyVersionFactory(policy=policy, number=1)
    profile = SupporterProfile.objects.get(user=people.supporter)
    profile.agreement_signed_on = datetime.date(2026, 1, 5)
    profile.save(update_fields=["agreement_signed_on"])
    version = services.publish_policy_version(policy=policy, body="New", actor=people.chair)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=NEW_YORK)):
        services.acknowledge_policy(version=version, user=people.supporter)
    profile.refresh_from_db()
    assert profile.agreement_signed_on == datetime.date(2026, 12, 2)
