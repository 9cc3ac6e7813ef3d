"""Every form of the fuzzing table refuses a POST without the CSRF token, and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.security.test_fuzz_forms import CASE_BY_NAME, snapshot


@pytest.mark.parametrize("name", CASE_BY_NAME)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(people, name):
    case = CASE_BY_NAME[name]
    if case.setup:
        case.setup(people)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.by_role()[case.role])
    url = reverse(case.url_name, args=case.args(people) if case.args else None)
    payload = case.valid(people) if case.valid else {}
    for field_name in case.files:
        payload[field_name] = SimpleUploadedFile("roster.csv", payload[field_name])
    before = snapshot(case.models)
    response = client.post(url, payload)
    assert response.status_code == 403
    assert snapshot(case.models) == before


def test_the_same_post_with_the_token_goes_through(people):
    # The control: the refusal above is the token's doing.
    case = CASE_BY_NAME["committees new committee"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.manager)
    url = reverse(case.url_name)
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, {**case.valid(people), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
