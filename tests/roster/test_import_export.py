"""Importing an existing roster: a preview with row-level errors, then all rows or none."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.access import forget_roles, roles_of
from core.models import AuditEvent, Notification, User
from core.roles import Role
from roster import roster_csv, services
from roster.models import Nomination, StatusChange, SupporterProfile

HEADER = "email,first_name,last_name,role_type,unit,languages,status,trained_on\n"


def good_file(people) -> str:
    return HEADER + (
        f"ana@hospital.test,Ana,Lima,nurse,{people.icu.code},English,active,2025-01-10\n"
        f'bo@hospital.test,Bo,Chan,Pharmacist,{people.ed.code},"English, Cantonese",paused,\n'
        f"{people.staff.email},,,attending,{people.ed.code},,,\n"
    )


def upload(client, text: str):
    return client.post(
        reverse("roster:import"),
        {"file": SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")},
    )


def test_a_good_file_is_previewed_then_imported_in_full(client, people):
    client.force_login(people.manager)
    preview = upload(client, good_file(people))
    assert preview.status_code == 200
    assert not preview.context["preview"].errors
    assert len(preview.context["preview"].rows) == 3
    assert not SupporterProfile.objects.filter(user__email="ana@hospital.test").exists()

    response = client.post(reverse("roster:confirm_import"))
    assert response.status_code == 302
    ana = SupporterProfile.objects.get(user__email="ana@hospital.test")
    assert (ana.home_unit, ana.role_type, str(ana.trained_on)) == (
        people.icu,
        "nurse",
        "2025-01-10",
    )
    bo = SupporterProfile.objects.get(user__email="bo@hospital.test")
    # Invited, never made a supporter: the status in the file waits for their own yes.
    assert (bo.status, bo.languages, bo.role_type) == (
        "nominated",
        "en,zh",
        "pharmacist",
    )
    assert SupporterProfile.objects.get(user=people.staff).role_type == "attending"
    assert StatusChange.objects.filter(profile=bo, to_status="nominated").exists()
    assert AuditEvent.objects.filter(action="import", detail="3 rows").exists()


def test_the_import_only_invites_an_existing_user_who_becomes_a_supporter_by_accepting(
    client, people
):
    client.force_login(people.manager)
    upload(client, good_file(people))
    client.post(reverse("roster:confirm_import"))
    forget_roles(people.staff)
    assert Role.SUPPORTER not in roles_of(people.staff)
    nomination = Nomination.objects.get(nominee=people.staff, state="pending")
    assert Notification.objects.filter(recipient=people.staff, kind="roster.nominated").exists()
    services.accept_nomination(nomination=nomination, nominee=people.staff, agreement_signed=True)
    forget_roles(people.staff)
    assert Role.SUPPORTER in roles_of(people.staff)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("zed@hospital.test,Zed,Ko,nurse,no-such-unit,,,\n", "unknown unit"),
        ("not-an-email,Zed,Ko,nurse,{icu},,,\n", "bad email"),
        ("ana@hospital.test,Ana,Again,nurse,{icu},,,\n", "duplicate of an earlier row"),
        ("supporter@hospital.test,Sam,Ok,nurse,{icu},,,\n", "already a supporter"),
        ("zed@hospital.test,Zed,Ko,wizard,{icu},,,\n", "unknown role type"),
        ("zed@hospital.test,Zed,Ko,nurse,{icu},,nominated,\n", "status must be"),
        ("zed@hospital.test,Zed,Ko,nurse,{icu},,active,10/01/2025\n", "not a date"),
    ],
)
def test_a_file_with_one_bad_row_is_refused_and_nothing_is_written(
    client, people, bad_row, message
):
    before = (User.objects.count(), SupporterProfile.objects.count())
    text = good_file(people) + bad_row.format(icu=people.icu.code)
    client.force_login(people.manager)
    response = upload(client, text)
    errors = response.context["preview"].errors
    assert [line for line, _ in errors] == [5]
    assert message in errors[0][1]
    assert 'role="alert"' in response.content.decode()

    # No confirm is possible, and the service itself refuses the whole file.
    follow = client.post(reverse("roster:confirm_import"))
    assert follow.status_code == 302
    with pytest.raises(services.RosterError):
        services.import_roster(text=text, actor=people.manager)
    assert (User.objects.count(), SupporterProfile.objects.count()) == before


def test_a_file_without_the_required_columns_is_refused(people):
    preview = roster_csv.parse("name,unit\nAna,icu\n")
    assert preview.errors and "Missing columns" in preview.errors[0][1]


def test_a_failure_mid_import_leaves_nothing_half_written(people, monkeypatch):
    text = good_file(people)
    before = (User.objects.count(), SupporterProfile.objects.count())
    real_create = StatusChange.objects.create
    calls = {"n": 0}

    def fail_on_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(StatusChange.objects, "create", fail_on_third)
    with pytest.raises(RuntimeError):
        services.import_roster(text=text, actor=people.manager)
    assert (User.objects.count(), SupporterProfile.objects.count()) == before


def test_only_the_program_manager_imports(people):
    with pytest.raises(services.RosterError):
        services.import_roster(text=good_file(people), actor=people.central)


def test_the_export_lists_every_supporter_in_the_import_columns_and_is_audited(client, people):
    client.force_login(people.manager)
    response = client.get(reverse("roster:export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["email"] for row in rows} == {
        "supporter@hospital.test",
        "ed-supporter@hospital.test",
    }
    assert set(rows[0]) == set(roster_csv.COLUMNS)
    assert AuditEvent.objects.filter(action="export", object_type="roster").exists()


def test_an_exported_roster_reads_back_without_errors_once_the_supporters_are_gone(people):
    profiles = list(SupporterProfile.objects.select_related("user", "home_unit"))
    text = roster_csv.write(profiles)
    SupporterProfile.objects.all().delete()
    preview = roster_csv.parse(text)
    assert not preview.errors and len(preview.rows) == 2


def test_the_export_does_not_let_a_spreadsheet_run_a_name_as_a_formula(people):
    people.supporter.first_name = '=HYPERLINK("http://evil")'
    people.supporter.save()
    text = roster_csv.write(SupporterProfile.objects.select_related("user", "home_unit"))
    assert "'=HYPERLINK" in text
