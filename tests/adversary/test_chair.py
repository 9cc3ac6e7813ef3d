"""The chair: grants of roles that open request details, and the access log."""

from django.urls import reverse

from core.models import AuditEvent
from roster.models import RoleGrant
from tests.adversary.conftest import probe_every_request_url
from tests.factories import UserFactory


def test_the_chair_granting_himself_central_lead_gets_no_request(client, people, secret_request):
    """Attack: assign himself the central lead role on the leadership page, then on the grants
    page, and read every request."""
    client.force_login(people.chair)
    client.post(
        reverse("committees:assign_role"), {"role": "central_lead", "person": people.chair.email}
    )
    client.post(
        reverse("roster:propose_grant"), {"role": "central_lead", "person": people.chair.email}
    )
    assert probe_every_request_url(client, secret_request.pk) == []


def test_the_chair_granting_a_friend_alone_gives_the_friend_nothing(client, people, secret_request):
    """Attack: propose a friend as central lead and confirm the proposal himself."""
    friend = UserFactory(email="friend@hospital.test")
    client.force_login(people.chair)
    client.post(reverse("roster:propose_grant"), {"role": "central_lead", "person": friend.email})
    grant = RoleGrant.objects.get(user=friend)
    client.post(reverse("roster:confirm_grant", args=[grant.pk]))
    client.force_login(friend)
    assert probe_every_request_url(client, secret_request.pk) == []


def test_the_access_log_never_names_who_asked(client, people, secret_request):
    """Attack: read the access log request by request for the requester's own reads and
    submission, which would name who asked for help."""
    client.force_login(people.staff)
    client.get(reverse("support_requests:detail", args=[secret_request.pk]))
    client.force_login(people.chair)
    page = client.get(
        reverse("support_requests:access_log"), {"request": str(secret_request.pk)}
    ).content.decode()
    assert "the requester" in page
    assert people.staff.email not in page and people.staff.display_name not in page
    rows = AuditEvent.objects.filter(object_id=str(secret_request.pk))
    assert not rows.filter(actor_id=people.staff.pk).exists()
