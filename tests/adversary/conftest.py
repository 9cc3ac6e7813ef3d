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
