"""What each role can do, for the home page: one section per role the person holds."""

from dataclasses import dataclass

from django.urls import reverse

from core.roles import Role


@dataclass(frozen=True)
class Action:
    label: str
    url_name: str
    description: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ACTIONS: dict[Role, list[Action]] = {
    Role.STAFF: [
        Action(
            "Ask for peer support",
            "support_requests:new",
            "For yourself or a colleague. Confidential.",
        ),
        Action(
            "My requests", "support_requests:mine", "See where your requests are, or withdraw one."
        ),
        Action("Training sessions", "training:index", "Upcoming peer support trainings."),
        Action(
            "Volunteer as a peer supporter",
            "roster:volunteer",
            "Offer to support colleagues; a peer support lead replies.",
        ),
    ],
    Role.SUPPORTER: [
        Action("My assignments", "support_requests:assigned", "Accept, log contact and close."),
        Action(
            "My supporter profile", "roster:me", "Availability, on-call shifts, training status."
        ),
        Action(
            "Program policies", "committees:policies", "Read and acknowledge the current versions."
        ),
        Action(
            "Community meetings", "committees:community", "The quarterly peer supporter meeting."
        ),
    ],
    Role.LOCAL_LEAD: [
        Action("Unit queue", "support_requests:unit_queue", "Requests routed to your units."),
        Action("Volunteers", "roster:volunteers", "Colleagues offering to become supporters."),
        Action(
            "My units' supporters", "roster:directory", "Nominate, activate and pause supporters."
        ),
        Action("Reports", "reports:dashboard", "Your units' figures, aggregate only."),
    ],
    Role.CENTRAL_LEAD: [
        Action(
            "Triage queue",
            "support_requests:triage",
            "Every new request, oldest and most urgent first.",
        ),
        Action("Roster", "roster:directory", "All supporters, coverage and the on-call rota."),
        Action("Volunteers", "roster:volunteers", "Colleagues offering to become supporters."),
        Action("Reports", "reports:dashboard", "Program figures, aggregate only."),
    ],
    Role.PROGRAM_MANAGER: [
        Action("Roster", "roster:directory", "Administration of the supporter pool."),
        Action("Training", "training:index", "Schedule sessions and follow enrolment."),
        Action("Committees and meetings", "committees:index", "Calendars, agendas and minutes."),
        Action("Reports", "reports:dashboard", "Program figures, aggregate only."),
        Action("Scheduled jobs", "operations:jobs", "When reminders and the outbox last ran well."),
    ],
    Role.CHAIR: [
        Action("Program leadership", "committees:leadership", "Who holds each role; assign roles."),
        Action(
            "Program plan", "committees:plan", "Activities, owners, due dates and what is late."
        ),
        Action(
            "Committees and meetings", "committees:index", "The Advisory Committee and the others."
        ),
        Action("Access log", "support_requests:access_log", "Who read which request, and when."),
        Action("Reports", "reports:dashboard", "Program figures, aggregate only."),
    ],
    Role.SPONSOR: [
        Action(
            "Program dashboard", "reports:dashboard", "How the program is doing, aggregate only."
        ),
    ],
    Role.COMMITTEE_MEMBER: [
        Action("My committees", "committees:index", "Meetings, agendas and minutes."),
    ],
}


def actions_for(user, roles: frozenset[Role]) -> list[tuple[Role, list[Action]]]:
    """The home page's sections, in the order of the roles table."""
    return [(role, ACTIONS[role]) for role in Role if role in roles and role in ACTIONS]


QUEUE_SAMPLE = 500  # counts on the home page look at the oldest and most urgent open requests


def work_for(user, roles: frozenset[Role]) -> dict:
    """What needs this person now, for the top of their home page: their open requests, the
    assignment that needs them, a lead's counts and next request, upcoming sessions and meetings."""
    from committees import selectors as committees
    from support_requests import selectors as requests
    from support_requests import wording
    from support_requests.models import OPEN_STATES
    from training import selectors as training

    work: dict = {}
    mine = list(requests.requests_of(user).filter(state__in=OPEN_STATES)[:5])
    for row in mine:
        row.plain_state = wording.status_line(
            row.state, frozenset({"requester"}), for_colleague=row.for_colleague
        )
    work["my_open"] = mine
    if Role.SUPPORTER in roles:
        held = requests.with_timing(list(requests.assignments_of(user)[:20]))
        waiting = [r for r in held if r.state in ("assigned", "accepted")]
        work["assignment"] = waiting[0] if waiting else None
        work["assignment_count"] = len(held)
    queue = None
    if Role.CENTRAL_LEAD in roles:
        queue, work["queue_url"] = requests.triage_queue(user), reverse("support_requests:triage")
    elif Role.LOCAL_LEAD in roles:
        queue, work["queue_url"] = requests.unit_queue(user), reverse("support_requests:unit_queue")
    if queue is not None:
        rows = requests.with_timing(list(queue[:QUEUE_SAMPLE]))
        work["counts"] = {
            "new": sum(r.state in ("submitted", "routed", "declined") for r in rows),
            "at_risk": sum(r.timing.at_risk and not r.timing.overdue for r in rows),
            "overdue": sum(r.timing.overdue and not r.timing.reached for r in rows),
        }
        work["next_request"] = rows[0] if rows else None
    if roles & {Role.PROGRAM_MANAGER, Role.CHAIR}:
        work["sessions"] = list(training.upcoming_sessions()[:3])
        work["meetings"] = list(committees.upcoming_meetings())
        work["late_plan_items"] = committees.late_activities().count()
    work["ask_is_main"] = not (
        work.get("assignment") or queue is not None or "sessions" in work or Role.SPONSOR in roles
    )
    return work
