"""Redirect with care: a deliberate reason, a confirmation, the requester told where to go, and
ten minutes to undo before the details are deleted."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from core.notifications import deliver_pending
from support_requests import services
from support_requests.forms import RedirectForm
from support_requests.models import Redirection, State, SupportRequest
from tests.support_requests.conftest import REQUESTER_CONTACT, SECRET_TEXT, walk

pytestmark = pytest.mark.django_db


def url(name, request):
    return reverse(f"support_requests:{name}", args=[request.pk])


def changes(request):
    return list(
        AuditEvent.objects.filter(object_type="support_request", object_id=str(request.pk))
        .exclude(action="read_details")
        .order_by("at", "id")
        .values_list("action", "detail")
    )


def test_no_reason_is_chosen_in_advance():
    form = RedirectForm()
    assert form["reason"].initial is None
    assert "checked" not in str(form["reason"])
    assert not RedirectForm({}).is_valid()


def test_the_requester_is_told_where_to_go_without_any_detail(people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "HR_CONTACT": "HR line 4-9999"}
    request = walk(people, State.TRIAGED)
    services.redirect(actor=people.central, support_request=request, reason="hr")
    notice = Notification.objects.get(kind="request.redirected_hr")
    assert notice.recipient == people.staff
    deliver_pending()
    (email,) = [m for m in mail.outbox if m.to == [people.staff.email]]
    assert "HR line 4-9999" in email.body
    assert SECRET_TEXT not in email.body and REQUESTER_CONTACT not in email.body
    assert changes(request)[-1] == ("state_change", "triaged->redirected hr")


def test_details_stay_for_the_undo_window_then_the_sweep_deletes_them(people):
    request = walk(people, State.TRIAGED)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.redirect(actor=people.central, support_request=request, reason="eap")
    with time_machine.travel(start + datetime.timedelta(minutes=9), tick=False):
        assert services.finish_redirections() == 0
        assert SupportRequest.objects.get(pk=request.pk).details == SECRET_TEXT
        assert Redirection.objects.count() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=1), tick=False):
        assert services.finish_redirections() == 1
        assert services.finish_redirections() == 0  # safe to run twice
    request.refresh_from_db()
    assert request.details is None and request.contact_detail is None
    assert request.purged_at is not None and request.redirect_reason == "eap"
    assert Redirection.objects.filter(reason="eap").count() == 1
    assert changes(request)[-1] == ("purge", "redirected")
    with pytest.raises(services.RequestError):
        services.undo_redirect(actor=people.central, support_request=request)


def test_undo_within_the_window_puts_the_request_back_and_tells_the_requester(people):
    request = walk(people, State.ROUTED)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.redirect(actor=people.central, support_request=request, reason="hr")
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        services.undo_redirect(actor=people.central, support_request=request)
    request.refresh_from_db()
    assert request.state == State.ROUTED and request.routed_unit == people.icu
    assert request.redirect_reason == "" and request.details == SECRET_TEXT
    assert changes(request)[-1] == ("state_change", "redirected->routed undo")
    assert Notification.objects.filter(kind="request.redirect_undone").get().recipient == (
        people.staff
    )
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert services.finish_redirections() == 0
    assert Redirection.objects.count() == 0


def test_undo_after_the_window_is_refused(people):
    request = walk(people, State.TRIAGED)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.redirect(actor=people.central, support_request=request, reason="hr")
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        with pytest.raises(services.RequestError):
            services.undo_redirect(actor=people.central, support_request=request)
    assert SupportRequest.objects.get(pk=request.pk).state == State.REDIRECTED


def test_redirect_asks_for_confirmation_then_can_be_undone_through_the_pages(
    client, people, django_assert_max_num_queries
):
    request = walk(people, State.TRIAGED)
    client.force_login(people.central)
    page = client.get(url("detail", request)).content.decode()
    assert 'name="reason"' in page and "checked" not in page.split('id="redirect-heading"')[1]
    with django_assert_max_num_queries(15):
        confirm = client.post(url("redirect", request), {"reason": "crisis"})
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Check before you redirect" in text
    assert "what they wrote" in text and SECRET_TEXT not in text
    assert SupportRequest.objects.get(pk=request.pk).state == State.TRIAGED
    done = client.post(url("redirect", request), {"reason": "crisis", "confirm": "yes"})
    assert done.status_code == 302
    assert SupportRequest.objects.get(pk=request.pk).state == State.REDIRECTED
    page = client.get(url("detail", request)).content.decode()
    assert "Undo the redirection" in page
    client.post(url("undo_redirect", request))
    assert SupportRequest.objects.get(pk=request.pk).state == State.TRIAGED
