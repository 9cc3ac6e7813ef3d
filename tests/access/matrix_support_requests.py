from tests.access.rows import EVERYONE, Row, roles


def _request_of_staff(people):
    from tests.factories import SupportRequestFactory

    return [SupportRequestFactory(requester=people.staff, unit=people.icu).pk]


MATRIX = {
    "support_requests:new": Row(allowed=EVERYONE),
    "support_requests:mine": Row(allowed=EVERYONE),
    "support_requests:triage": Row(allowed=roles("central")),
    "support_requests:unit_queue": Row(allowed=roles("icu_lead", "ed_lead")),
    "support_requests:assigned": Row(allowed=roles("supporter")),
    "support_requests:access_log": Row(allowed=roles("chair")),
    # A staff member's request that nobody has routed or assigned yet: only its requester and
    # the central lead may read it; the rest get 404, exactly like a request that does not exist.
    "support_requests:detail": Row(
        allowed=roles("staff", "central"), denied_status=404, args=_request_of_staff
    ),
}
