"""The superuser in the Django admin: filters, search, sorting, the outbox, roles and MFA."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.models import AuditEvent, Notification
from core.notifications import notify
from support_requests.models import SupportRequest
from tests.adversary.conftest import same_answer

LOOKUPS = [
    "",
    "__exact",
    "__iexact",
    "__contains",
    "__icontains",
    "__startswith",
    "__regex",
    "__gt",
    "__lt",
    "__in",
    "__isnull",
]


def guesses(value) -> tuple[str, str]:
    """A right guess about a value (its start) and a wrong one."""
    text = "" if value is None else str(getattr(value, "pk", value))
    return (text[:3] or "1"), "Wrong guess 0"


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", [SupportRequest, Notification, AuditEvent])
def test_no_admin_filter_tells_a_right_guess_from_a_wrong_one(
    client, people, secret_request, model
):
    """Attack: filter the admin list on every hidden column and lookup type, one guess at a time,
    and watch whether the answer changes (a yes/no oracle on the details, contact or requester)."""
    notify(
        recipient=people.staff,
        kind="request.closed",
        subject_type="support_request",
        subject_id=secret_request.pk,
    )
    row = model.objects.order_by("pk").first()
    admin = __import__("django.contrib.admin", fromlist=["site"]).site._registry[model]
    client.force_login(people.superuser)
    url = changelist(model)
    for field in model._meta.concrete_fields:
        if field.name in {f if isinstance(f, str) else f[0] for f in admin.list_filter}:
            continue  # a filter the page offers, on a value the list already shows
        right, wrong = guesses(getattr(row, field.name))
        for lookup in LOOKUPS:
            key = f"{field.attname if field.is_relation else field.name}{lookup}"
            answers = [client.get(url, {key: guess}) for guess in (right, wrong)]
            assert same_answer(*answers), f"{model.__name__}?{key}= tells right from wrong"
            assert answers[0].status_code == 400, key
        if field.is_relation:
            for key in (f"{field.name}__email__startswith", f"{field.name}__first_name"):
                answers = [client.get(url, {key: guess}) for guess in ("sta", "zzz")]
                assert same_answer(*answers), key


def test_search_and_sorting_answer_nothing_about_hidden_columns(client, people, secret_request):
    """Attack: search for a word of the details or a requester's name; sort by a hidden column."""
    client.force_login(people.superuser)
    url = changelist(SupportRequest)
    for right, wrong in (("Zebra", "Yak"), (people.staff.email, "x@y.test")):
        answers = [client.get(url, {"q": guess}) for guess in (right, wrong)]
        assert same_answer(*answers, guesses=(right, wrong))
    page = client.get(url, {"o": "-1"}).content.decode()
    for hidden in ("Zebra", "555-0199", "Quentin", people.staff.email):
        assert hidden not in page
    change = client.get(
        reverse("admin:support_requests_supportrequest_change", args=[secret_request.pk])
    ).content.decode()
    for hidden in ("Zebra", "555-0199", "Quentin", "mornings", people.staff.email):
        assert hidden not in change


def test_the_outbox_in_the_admin_does_not_name_the_requester(client, people, secret_request):
    """Attack: read the notification outbox for 'request.closed -> <requester>' rows."""
    notify(
        recipient=people.staff,
        kind="request.closed",
        subject_type="support_request",
        subject_id=secret_request.pk,
    )
    client.force_login(people.superuser)
    page = client.get(changelist(Notification)).content.decode()
    assert "request.closed" in page
    assert people.staff.display_name not in page and people.staff.email not in page
    notice = Notification.objects.get(kind="request.closed")
    detail = client.get(reverse("admin:peersupport_notification_change", args=[notice.pk]))
    assert people.staff.email not in detail.content.decode()


def test_the_superuser_cannot_add_himself_to_a_role_group(client, people):
    """Attack: open the group or the user form in the admin and join the central lead group."""
    client.force_login(people.superuser)
    central = Group.objects.get(name="Central Peer Support Lead")
    assert client.get("/admin/auth/group/").status_code == 404
    client.post(
        reverse("admin:peersupport_user_change", args=[people.superuser.pk]),
        {
            "email": people.superuser.email,
            "is_active": "on",
            "is_staff": "on",
            "groups": [central.pk],
        },
    )
    assert not people.superuser.groups.filter(pk=central.pk).exists()


def test_the_admin_needs_mfa_and_every_page_is_audited(client, people, settings):
    """Attack: use a stolen superuser password on the admin, and browse without a trace."""
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = True
    client.force_login(people.superuser)
    response = client.get(changelist(SupportRequest))
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS = False
    before = AuditEvent.objects.filter(action="admin_view").count()
    client.get(changelist(SupportRequest), {"details__startswith": "Z"})
    client.get(changelist(SupportRequest))
    events = AuditEvent.objects.filter(action="admin_view", actor_id=people.superuser.pk)
    assert events.count() == before + 2
    assert set(events.values_list("outcome", flat=True)) == {"ok", "denied"}
