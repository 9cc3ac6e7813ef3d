"""Ids in URLs that name nothing: a missing, huge or negative-looking id is a 404, never a 500.

Walks the same rows as the access matrix (tests/access/matrix_*.py): every row whose URL takes an
integer id is asked again with ids that exist nowhere, by every role.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.test_matrix import MATRIX

MISSING_IDS = [999_999, 2**63, 10**30]


def routes(resolver=None, prefix="", namespace=""):
    """URL name -> its full route, for the project's URL patterns."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


ROUTES = dict(routes())
# Only the rows whose URL takes an integer id: the others have nothing to ask again.
ROWS_WITH_IDS = sorted(name for name in MATRIX if "<int:" in ROUTES.get(name, ""))


def with_missing_ids(args: list, missing: int) -> list:
    return [missing if isinstance(arg, int) and not isinstance(arg, bool) else arg for arg in args]


@pytest.mark.parametrize("name", ROWS_WITH_IDS)
def test_an_id_that_names_nothing_is_a_404_for_everyone(client, people, name):
    row = MATRIX[name]
    if row.setup:
        row.setup(people)
    args = row.args(people)
    assert any(isinstance(arg, int) for arg in args), f"{name}: its route takes an integer"
    for missing in MISSING_IDS:
        url = reverse(name, args=with_missing_ids(args, missing))
        for role, user in people.by_role().items():
            client.force_login(user)
            response = client.get(url)
            # A role page refuses first (403); otherwise the object is missing (404). A POST-only
            # action may refuse the method (405) before it looks for the object.
            expected = {404} if role in row.allowed or row.denied_status == 404 else {403, 404}
            answered = expected | {405} if row.post_only else expected
            assert response.status_code in answered, f"{url} as {role}: {response.status_code}"
            if row.post_only or role not in row.allowed:
                posted = client.post(url, {})
                assert posted.status_code in expected | {405}, f"POST {url} as {role}"
