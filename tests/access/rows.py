"""The role x URL matrix, as data. Each app keeps its rows in tests/access/matrix_<app>.py.

A row says, for one URL name, which roles may GET it (200), what everyone else gets (403 for a
role page, 404 for an object they may not see), and how to fill its URL arguments from `people`
(tests/conftest.py). POST rows say what a POST by an outsider must answer; a POST by an allowed
role is tested in the app's own tests, where the form data is known.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "staff",
    "supporter",
    "icu_lead",
    "ed_lead",
    "central",
    "manager",
    "chair",
    "sponsor",
    "education",
    "superuser",
)
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    denied_status: int = 403
    args: Callable | None = None  # people -> list of URL args
    ok_status: int = 200
    post_only: bool = False  # GET answers 405 for the allowed roles
    setup: Callable | None = field(default=None)  # people -> None, extra objects a row needs
    # What a visitor with no session gets: sent to sign in, or (token-authenticated endpoints
    # such as SCIM, where a session counts for nothing) the endpoint's own refusal.
    anonymous_status: int = 302
    # Queries one GET of the page may make, for any role (the small fixture data of tests/access;
    # list pages have tighter, data-scaled budgets in their own tests).
    max_queries: int = 30


def roles(*names: str) -> frozenset[str]:
    unknown = set(names) - EVERYONE
    assert not unknown, unknown
    return frozenset(names)
