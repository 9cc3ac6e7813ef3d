"""SCIM provisioning: bearer token per directory client; a session, any role's, gets 401."""

from tests.access.rows import Row

NO_ONE = frozenset()

MATRIX = {
    "scim:users": Row(allowed=NO_ONE, denied_status=401, anonymous_status=401),
    "scim:user": Row(
        allowed=NO_ONE,
        denied_status=401,
        anonymous_status=401,
        args=lambda people: [people.staff.pk],
    ),
}
