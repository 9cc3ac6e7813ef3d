"""A supporter may pause or leave at any time without a reason; leads pause but never overrule."""

import pytest
from django.urls import reverse

from roster import services
from roster.models import StatusChange, SupporterStatus


def test_a_supporter_pauses_resumes_and_each_change_is_dated_history(client, people):
    client.force_login(people.supporter)
    profile = people.icu_supporter_profile
    assert client.post(reverse("roster:pause")).status_code == 302
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.PAUSED
    client.post(reverse("roster:resume"))
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.ACTIVE
    history = list(StatusChange.objects.filter(profile=profile).order_by("changed_at", "id"))
    assert [(c.from_status, c.to_status) for c in history] == [
        ("active", "paused"),
        ("paused", "active"),
    ]
    assert all(c.changed_at and c.changed_by == people.supporter for c in history)


def test_a_supporter_leaves_the_program_without_a_reason_and_loses_the_supporter_pages(
    client, people
):
    client.force_login(people.supporter)
    profile = people.icu_supporter_profile
    page = client.post(reverse("roster:leave"))  # a slip of the finger is not enough
    assert "Yes, leave the program" in page.content.decode()  # the page says what will happen
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.ACTIVE
    assert client.post(reverse("roster:leave"), {"confirmed": "yes"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.RETIRED
    assert client.post(reverse("roster:pause")).status_code == 403


def test_a_supporter_switches_their_own_availability(client, people):
    client.force_login(people.supporter)
    client.post(reverse("roster:set_availability"), {"available": "no"})
    people.icu_supporter_profile.refresh_from_db()
    assert people.icu_supporter_profile.is_available is False
    client.post(reverse("roster:set_availability"), {"available": "yes"})
    people.icu_supporter_profile.refresh_from_db()
    assert people.icu_supporter_profile.is_available is True


def test_nobody_else_sets_a_supporters_availability(people):
    with pytest.raises(services.RosterError):
        services.set_availability(
            profile=people.icu_supporter_profile, available=False, actor=people.icu_lead
        )


def test_a_lead_cannot_resume_a_supporter_who_paused_themselves(people):
    profile = people.icu_supporter_profile
    services.change_status(profile=profile, to_status="paused", actor=people.supporter)
    with pytest.raises(services.RosterError, match="only they can resume"):
        services.change_status(profile=profile, to_status="active", actor=people.icu_lead)
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.PAUSED


def test_a_lead_resumes_a_supporter_the_lead_had_put_on_leave(people):
    profile = people.icu_supporter_profile
    services.change_status(profile=profile, to_status="on_leave", actor=people.icu_lead)
    services.change_status(profile=profile, to_status="active", actor=people.icu_lead)
    assert profile.status == SupporterStatus.ACTIVE


def test_nobody_brings_back_a_supporter_who_left(client, people):
    profile = people.icu_supporter_profile
    services.change_status(profile=profile, to_status="retired", actor=people.supporter)
    for actor in (people.icu_lead, people.central, people.manager):
        with pytest.raises(services.RosterError, match="new nomination"):
            services.change_status(profile=profile, to_status="active", actor=actor)
    client.force_login(people.central)
    response = client.post(
        reverse("roster:change_status", args=[profile.pk]), {"status": "active"}, follow=True
    )
    assert "new nomination" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.RETIRED


def test_no_one_sets_a_supporter_back_to_nominated(people):
    with pytest.raises(services.RosterError):
        services.change_status(
            profile=people.icu_supporter_profile, to_status="nominated", actor=people.central
        )


def test_a_status_change_by_a_lead_is_audited_as_a_role_change(people):
    from core.models import AuditEvent

    services.change_status(
        profile=people.icu_supporter_profile, to_status="paused", actor=people.icu_lead
    )
    event = AuditEvent.objects.get(action="role_change", object_type="supporter_profile")
    assert (event.actor_id, event.detail) == (people.icu_lead.pk, "active -> paused")


def test_the_supporter_page_shows_the_history_to_the_lead(client, people):
    services.change_status(
        profile=people.icu_supporter_profile, to_status="paused", actor=people.supporter
    )
    client.force_login(people.icu_lead)
    page = client.get(
        reverse("roster:supporter", args=[people.icu_supporter_profile.pk])
    ).content.decode()
    assert "Status history" in page and "The supporter" in page
