"""IT switches a leaver off by hand in the admin: the same service as SCIM and SSO."""

from core.models import AuditEvent
from support_requests.models import State
from tests.support_requests.conftest import walk


def test_the_admin_action_makes_a_leaver(client, people):
    request = walk(people, State.ACCEPTED)
    client.force_login(people.superuser)

    response = client.post(
        "/admin/peersupport/user/",
        {"action": "switch_off_leavers", "_selected_action": [people.supporter.pk]},
        secure=True,
    )

    assert response.status_code == 302
    people.supporter.refresh_from_db()
    request.refresh_from_db()
    assert not people.supporter.is_active
    assert request.state == State.DECLINED
    event = AuditEvent.objects.get(object_type="user", detail="deactivated: left")
    assert event.actor_id == people.superuser.pk


def test_unticking_active_on_the_change_form_makes_a_leaver_too(client, people):
    request = walk(people, State.ASSIGNED)
    client.force_login(people.superuser)
    supporter = people.supporter
    form = {
        "email": supporter.email,
        "first_name": supporter.first_name,
        "last_name": supporter.last_name,
        "job_title": "",
        "is_staff": "",
        "is_superuser": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": supporter.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": supporter.date_joined.strftime("%H:%M:%S"),
    }

    response = client.post(f"/admin/peersupport/user/{supporter.pk}/change/", form, secure=True)

    assert response.status_code == 302, response.content.decode()[:2000]
    supporter.refresh_from_db()
    request.refresh_from_db()
    assert not supporter.is_active
    assert (request.state, request.assigned_to) == (State.DECLINED, None)
    assert AuditEvent.objects.filter(object_type="user", detail="deactivated: left").count() == 1
