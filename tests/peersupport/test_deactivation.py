"""Deactivating an account ends its sessions: reactivation does not revive an old one."""

from django.test import Client
from django.urls import reverse


def test_a_deactivated_users_old_session_does_not_work_after_reactivation(client, people):
    victim = Client()
    victim.force_login(people.staff)
    assert victim.get(reverse("support_requests:mine")).status_code == 200
    client.force_login(people.superuser)
    change = reverse("admin:peersupport_user_change", args=[people.staff.pk])
    form = {"email": people.staff.email, "first_name": "", "last_name": "", "job_title": ""}
    client.post(change, form)  # is_active left unticked: deactivated
    people.staff.refresh_from_db()
    assert not people.staff.is_active
    client.post(change, {**form, "is_active": "on"})
    people.staff.refresh_from_db()
    assert people.staff.is_active
    assert victim.get(reverse("support_requests:mine")).status_code == 302  # signed out
