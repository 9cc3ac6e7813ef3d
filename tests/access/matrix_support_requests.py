"""Request pages. Object pages answer 404 to everyone who may not see the object.

Action URLs are POST-only: the people who may see the request get 405 on GET; the rest 404.
Who may actually make each change is tested in tests/support_requests/.
"""

from tests.access.rows import EVERYONE, Row, roles


def _request_of_staff(people):
    from tests.factories import SupportRequestFactory

    return [SupportRequestFactory(requester=people.staff, unit=people.icu).pk]


def _icu_request_assigned_to_supporter(people):
    """Routed to the ICU and assigned to the ICU supporter: requester, central, the ICU lead and
    the supporter may see it."""
    from guardian.shortcuts import assign_perm

    from tests.factories import SupportRequestFactory

    request = SupportRequestFactory(
        requester=people.staff,
        unit=people.icu,
        routed_unit=people.icu,
        assigned_to=people.supporter,
        state="assigned",
    )
    assign_perm("view_request_details", people.supporter, request)
    return [request.pk]


def _icu_outreach(people):
    from support_requests.models import Outreach, OutreachAssignment

    outreach = Outreach.objects.create(
        category="patient_death", unit=people.icu, event_on="2026-01-05", opened_by=people.central
    )
    OutreachAssignment.objects.create(outreach=outreach, supporter=people.supporter)
    return [outreach.pk]


SEES_ASSIGNED = roles("staff", "central", "icu_lead", "supporter")
SEES_OUTREACH = roles("central", "icu_lead", "supporter")


def _action(args=_icu_request_assigned_to_supporter):
    return Row(allowed=SEES_ASSIGNED, denied_status=404, post_only=True, args=args)


def _outreach_action():
    return Row(allowed=SEES_OUTREACH, denied_status=404, post_only=True, args=_icu_outreach)


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
    "support_requests:triage_request": _action(),
    # Only a supporter on call claims, and only a "today" request still unassigned: for everyone
    # else (and for this assigned request) it does not exist.
    "support_requests:claim": Row(
        allowed=roles(), denied_status=404, post_only=True, args=_icu_request_assigned_to_supporter
    ),
    "support_requests:take_back": _action(),
    "support_requests:route": _action(),
    "support_requests:assign": _action(),
    # The supporter search of the assign form: only those who may (re)assign this request.
    "support_requests:supporter_search": Row(
        allowed=roles("central", "icu_lead"),
        denied_status=404,
        args=_icu_request_assigned_to_supporter,
    ),
    "support_requests:redirect": _action(),
    "support_requests:undo_redirect": _action(),
    "support_requests:accept": _action(),
    "support_requests:decline": _action(),
    "support_requests:log_contact": _action(),
    "support_requests:close": _action(),
    "support_requests:withdraw": _action(),
    "support_requests:correct_contact": _action(),
    "support_requests:correct_closing": _action(),
    "support_requests:close_no_contact": _action(),
    "support_requests:hand_back": _action(),
    "support_requests:return_to_triage": _action(),
    # The survey page is the requester's alone; others who see the request get 403.
    "support_requests:survey": Row(
        allowed=roles("staff"), denied_status=404, args=_request_of_staff
    ),
    "support_requests:outreach": Row(allowed=roles("icu_lead", "ed_lead", "central")),
    "support_requests:outreach_new": Row(
        allowed=roles("icu_lead", "ed_lead", "central"), post_only=True
    ),
    "support_requests:outreach_detail": Row(
        allowed=SEES_OUTREACH, denied_status=404, args=_icu_outreach
    ),
    "support_requests:outreach_assign": _outreach_action(),
    "support_requests:outreach_contacts": _outreach_action(),
    "support_requests:outreach_close": _outreach_action(),
    "support_requests:outreach_correct": _outreach_action(),
}
