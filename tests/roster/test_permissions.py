"""Who may see and change which supporter, object by object.

Local leads manage their own units only: across units they get 404, as for a supporter that does
not exist, and nothing changes. Central leads and the program manager see everyone; sponsors and
everyone else see no one.
"""

import pytest
from django.http import Http404
from django.urls import reverse

from core.models import AuditEvent
from roster import access
from roster.models import SupporterProfile, SupporterStatus

# role -> which supporters' pages open for them (the others answer 404)
SEES = {
    "staff": set(),
    "supporter": set(),
    "icu_lead": {"icu"},
    "ed_lead": {"ed"},
    "central": {"icu", "ed"},
    "manager": {"icu", "ed"},
    "chair": set(),
    "sponsor": set(),
    "education": set(),
    "superuser": set(),
}


def profiles(people) -> dict[str, SupporterProfile]:
    return {
        "icu": people.icu_supporter_profile,
        "ed": SupporterProfile.objects.get(user=people.ed_supporter),
    }


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_sees_exactly_the_supporters_of_the_units_it_manages(client, people, role):
    client.force_login(people.by_role()[role])
    for unit, profile in profiles(people).items():
        for name in ("roster:supporter", "roster:edit_supporter"):
            status = client.get(reverse(name, args=[profile.pk])).status_code
            assert status == (200 if unit in SEES[role] else 404), (role, unit, name)


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_pauses_exactly_the_supporters_it_manages(client, people, role):
    client.force_login(people.by_role()[role])
    for unit, profile in profiles(people).items():
        response = client.post(
            reverse("roster:change_status", args=[profile.pk]), {"status": "paused"}
        )
        profile.refresh_from_db()
        if unit in SEES[role]:
            assert response.status_code == 302
            assert profile.status == SupporterStatus.PAUSED
            profile.status = SupporterStatus.ACTIVE
            profile.save(update_fields=["status"])
        else:
            assert response.status_code == 404, (role, unit)
            assert profile.status == SupporterStatus.ACTIVE


def test_the_icu_lead_cannot_see_or_pause_an_ed_supporter_and_nothing_changes(client, people):
    ed_profile = profiles(people)["ed"]
    client.force_login(people.icu_lead)
    assert client.get(reverse("roster:supporter", args=[ed_profile.pk])).status_code == 404
    assert (
        client.post(
            reverse("roster:change_status", args=[ed_profile.pk]), {"status": "paused"}
        ).status_code
        == 404
    )
    ed_profile.refresh_from_db()
    assert ed_profile.status == SupporterStatus.ACTIVE


def test_the_access_helper_records_a_denied_look_at_another_units_supporter(rf, people):
    ed_profile = profiles(people)["ed"]
    request = rf.get("/")
    request.user = people.icu_lead
    with pytest.raises(Http404):
        access.access_supporter(request, ed_profile.pk)
    assert AuditEvent.objects.filter(
        action="denied", object_type="supporter_profile", object_id=str(ed_profile.pk)
    ).exists()


def test_the_ed_lead_cannot_see_edit_or_pause_an_icu_supporter(client, people):
    icu_profile = people.icu_supporter_profile
    client.force_login(people.ed_lead)
    assert client.get(reverse("roster:supporter", args=[icu_profile.pk])).status_code == 404
    response = client.post(
        reverse("roster:edit_supporter", args=[icu_profile.pk]),
        {"role_type": "fellow", "home_unit": people.ed.pk, "languages": ["en"]},
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("roster:change_status", args=[icu_profile.pk]), {"status": "retired"}
        ).status_code
        == 404
    )
    icu_profile.refresh_from_db()
    assert (icu_profile.status, icu_profile.home_unit, icu_profile.role_type) == (
        "active",
        people.icu,
        "nurse",
    )


def test_a_supporter_that_does_not_exist_answers_404_like_one_you_may_not_see(client, people):
    client.force_login(people.icu_lead)
    assert client.get(reverse("roster:supporter", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", sorted(SEES))
def test_the_directory_lists_exactly_the_supporters_each_role_manages(client, people, role):
    client.force_login(people.by_role()[role])
    response = client.get(reverse("roster:directory"))
    if not SEES[role] and role not in ("icu_lead", "ed_lead"):
        assert response.status_code == 403
        return
    page = response.content.decode()
    for unit, profile in profiles(people).items():
        assert (profile.user.display_name in page) == (unit in SEES[role]), (role, unit)


def test_a_lead_cannot_move_a_supporter_into_a_unit_they_do_not_lead(client, people):
    client.force_login(people.icu_lead)
    profile = people.icu_supporter_profile
    response = client.post(
        reverse("roster:edit_supporter", args=[profile.pk]),
        {"role_type": "fellow", "home_unit": people.ed.pk, "languages": ["en"]},
    )
    assert response.status_code == 200  # the unit is not one of the choices
    profile.refresh_from_db()
    assert profile.home_unit == people.icu


def test_a_lead_corrects_role_type_and_languages_of_their_supporter(client, people):
    client.force_login(people.icu_lead)
    profile = people.icu_supporter_profile
    response = client.post(
        reverse("roster:edit_supporter", args=[profile.pk]),
        {"role_type": "fellow", "home_unit": people.icu.pk, "languages": ["en", "tl"]},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.role_type, profile.languages, profile.language_names) == (
        "fellow",
        "en,tl",
        "English, Tagalog",
    )


def test_the_central_lead_moves_a_supporter_between_any_units(client, people):
    client.force_login(people.central)
    profile = people.icu_supporter_profile
    client.post(
        reverse("roster:edit_supporter", args=[profile.pk]),
        {"role_type": "nurse", "home_unit": people.ed.pk, "languages": ["en"]},
    )
    profile.refresh_from_db()
    assert profile.home_unit == people.ed
    assert AuditEvent.objects.filter(
        action="role_change", detail=f"unit -> {people.ed.pk}"
    ).exists()


def test_only_the_program_manager_exports_the_directory(client, people):
    for role, user in people.by_role().items():
        client.force_login(user)
        expected = 200 if role == "manager" else 403
        assert client.get(reverse("roster:export")).status_code == expected, role


def test_a_lead_of_a_department_manages_the_supporters_of_its_units(client, people):
    from tests.factories import LocalLeadFactory

    department_lead = LocalLeadFactory(unit=people.icu.parent).user
    client.force_login(department_lead)
    icu_profile = people.icu_supporter_profile
    assert client.get(reverse("roster:supporter", args=[icu_profile.pk])).status_code == 200
    ed_profile = profiles(people)["ed"]
    assert client.get(reverse("roster:supporter", args=[ed_profile.pk])).status_code == 404
