"""What every insider's attack is judged by: the same answer for a right and a wrong guess."""

import re
from urllib.parse import quote, quote_plus

import pytest
from django.utils.html import escape

from tests.factories import SupportRequestFactory

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|csrftoken=[^;]+')


def _masked(response, guess: str) -> bytes:
    body = CSRF.sub(b"", response.content)
    for form in {
        guess,
        quote_plus(guess),
        quote(guess),
        escape(guess),
        quote_plus(quote_plus(guess)),
    }:
        body = body.replace(form.encode(), b"GUESS")
    return body


def same_answer(right, wrong, guesses: tuple[str, str] = ("", "")) -> bool:
    """Two responses an attacker cannot tell apart: the status, and the body bar the CSRF token
    and the echo of the guess itself (a page repeating your own query tells you nothing)."""
    if right.status_code != wrong.status_code:
        return False
    if not any(guesses):
        return CSRF.sub(b"", right.content) == CSRF.sub(b"", wrong.content)
    return _masked(right, guesses[0]) == _masked(wrong, guesses[1])


@pytest.fixture
def secret_request(people):
    """A request of the staff member, with details nobody but its readers may learn."""
    return SupportRequestFactory(
        requester=people.staff,
        unit=people.icu,
        routed_unit=people.icu,
        details="Zebra incident in bay four",
        contact_detail="555-0199",
        colleague_name="Quentin Quill",
        contact_time="mornings",
    )


# Every URL that takes a request id, with the method an attacker would use on it.
REQUEST_URLS = [
    ("support_requests:detail", "get"),
    ("support_requests:supporter_search", "get"),
    ("support_requests:triage_request", "post"),
    ("support_requests:route", "post"),
    ("support_requests:assign", "post"),
    ("support_requests:redirect", "post"),
    ("support_requests:accept", "post"),
    ("support_requests:decline", "post"),
    ("support_requests:log_contact", "post"),
    ("support_requests:close", "post"),
    ("support_requests:withdraw", "post"),
    ("support_requests:survey", "get"),
]


def probe_every_request_url(client, right_id) -> list[str]:
    """Ask every request URL about a real request and about one that does not exist; returns the
    URLs whose answers differ (empty when the attacker learns nothing, not even existence)."""
    import uuid

    from django.urls import reverse

    wrong_id = uuid.uuid4()
    client.get(reverse("home"))  # shows (and so drops) any flash message of an earlier step
    leaks = []
    for name, method in REQUEST_URLS:
        answers = [
            getattr(client, method)(reverse(name, args=[guess]), HTTP_HX_REQUEST="true")
            for guess in (right_id, wrong_id)
        ]
        if not same_answer(*answers, guesses=(str(right_id), str(wrong_id))):
            leaks.append(f"{name}: {answers[0].status_code} vs {answers[1].status_code}")
    return leaks
