"""The intake page: one page, screening first, plain words, abuse limits."""

import pytest
from django.urls import reverse

from core.models import Notification
from support_requests.models import Redirection, SupportRequest
from tests.support_requests.conftest import SECRET_TEXT, intake_post

pytestmark = pytest.mark.django_db
URL = reverse("support_requests:new")


def test_the_form_says_plainly_it_is_not_an_emergency_service(client, people):
    client.force_login(people.staff)
    page = client.get(URL).content.decode()
    assert "This is not an emergency service" in page
    assert "988" in page
    assert page.index('name="need"') < page.index('name="category"')


def test_a_request_is_saved_and_the_confirmation_says_what_happens_next(client, people):
    client.force_login(people.staff)
    response = client.post(URL, intake_post(people.icu, urgency="today"))
    assert response.status_code == 200
    request = SupportRequest.objects.get()
    assert request.requester == people.staff and request.details == SECRET_TEXT
    page = response.content.decode()
    assert "What happens next" in page and "30 minutes" in page
    assert Notification.objects.filter(recipient=people.central, kind="request.new").count() == 1


def test_the_this_week_confirmation_promises_24_hours(client, people):
    client.force_login(people.staff)
    response = client.post(URL, intake_post(people.icu, urgency="this_week"))
    assert "24 hours" in response.content.decode()


@pytest.mark.parametrize(
    ("need", "words"),
    [("hr", "Human Resources"), ("eap", "Employee Assistance Program"), ("crisis", "988")],
)
def test_screened_out_needs_show_the_route_and_store_only_a_count(client, people, need, words):
    client.force_login(people.staff)
    response = client.post(URL, intake_post(people.icu, need=need))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert SupportRequest.objects.count() == 0
    assert list(Redirection.objects.values_list("reason", flat=True)) == [need]
    assert Notification.objects.count() == 0


def test_an_emergency_needs_no_other_answer_to_show_crisis_resources(client, people):
    client.force_login(people.staff)
    response = client.post(URL, {"need": "crisis"})
    assert "Please get help now" in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_an_identical_repeat_within_minutes_is_merged(client, people):
    client.force_login(people.staff)
    client.post(URL, intake_post(people.icu))
    second = client.post(URL, intake_post(people.icu))
    assert SupportRequest.objects.count() == 1
    assert "already sent this same request" in second.content.decode()
    assert Notification.objects.filter(kind="request.new").count() == 1


def test_requests_are_rate_limited_per_person(client, people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": 2}
    client.force_login(people.staff)
    for n in range(2):
        client.post(URL, intake_post(people.icu, details=f"different {n}"))
    refused = client.post(URL, intake_post(people.icu, details="a third"))
    assert refused.status_code == 400
    assert "several requests within the hour" in refused.content.decode()
    assert SupportRequest.objects.count() == 2
    client.force_login(people.supporter)  # the limit is per person
    client.post(URL, intake_post(people.icu, details="someone else"))
    assert SupportRequest.objects.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"details": "x" * 2001}, "details"),
        ({"category": None}, "category"),
        ({"category": "gossip"}, "category"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "not-a-unit"}, "unit"),
        ({"contact_detail": ""}, "contact_detail"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"need": "colleague", "colleague_name": ""}, "colleague_name"),
        ({"contact_method": "phone", "contact_detail": "x"}, "contact_detail"),
        ({"contact_method": "text", "contact_detail": "call me maybe"}, "contact_detail"),
        ({"contact_method": "email", "contact_detail": "555-0142"}, "contact_detail"),
        ({"preferred_role": "same_role", "requester_role_type": ""}, "requester_role_type"),
        ({"need": "something_else"}, "need"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(client, people, overrides, field):
    client.force_login(people.staff)
    response = client.post(URL, intake_post(people.icu, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors or field in response.context["screening"].errors
    assert 'role="alert"' in response.content.decode()
    assert SupportRequest.objects.count() == 0 and Redirection.objects.count() == 0


def test_a_referral_for_a_colleague_keeps_the_colleagues_name(client, people):
    client.force_login(people.staff)
    client.post(URL, intake_post(people.icu, need="colleague", colleague_name="Pat Lee"))
    request = SupportRequest.objects.get()
    assert request.for_colleague and request.colleague_name == "Pat Lee"


def test_the_free_text_and_contact_fields_are_hidden_from_error_reports(client, people):
    client.force_login(people.staff)
    sensitive = client.post(URL, intake_post(people.icu)).wsgi_request.sensitive_post_parameters
    assert {"details", "contact_detail", "contact_time", "colleague_name"} <= set(sensitive)


def test_six_questions_show_first_and_the_rest_wait_behind_more_preferences(client, people):
    client.force_login(people.staff)
    page = client.get(URL).content.decode()
    first, more = page.split("<details", 1)
    shown = {"need", "category", "unit", "urgency", "contact_method", "contact_detail"}
    for name in shown:
        assert f'name="{name}"' in first, name
    for name in ("contact_time", "preferred_role", "requester_role_type", "language", "details"):
        assert f'name="{name}"' in more and f'name="{name}"' not in first, name
    # The colleague's name sits in a part shown only when "for a colleague" is chosen (CSS).
    assert 'class="ps-when-colleague"' in first and 'name="colleague_name"' in first


def test_someone_in_danger_offers_call_and_text_instead_of_the_form(client, people, settings):
    client.force_login(people.staff)
    page = client.get(URL).content.decode()
    crisis = page.split('class="ps-when-crisis"', 1)[1].split("</div>", 2)[:2]
    line = settings.PEERSUPPORT["CRISIS_LINE"]
    assert f'href="tel:{line}"' in "".join(crisis) and f'href="sms:{line}"' in "".join(crisis)


@pytest.mark.parametrize(
    ("method", "detail", "ok"),
    [
        ("phone", "555-0142", True),
        ("phone", "+1 (617) 555-0142 ext 12", True),
        ("text", "x", False),
        ("phone", "555", False),
        ("email", "dana@hospital.org", True),
        ("email", "555-0142", False),
        ("video", "Teams, my usual account", True),
    ],
)
def test_contact_details_are_checked_against_the_method(method, detail, ok):
    from support_requests.forms import check_contact

    assert (check_contact(method, detail) is None) is ok
