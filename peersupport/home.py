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
    """The home page's sections, in the order of the roles table (SPEC 1)."""
    return [(role, ACTIONS[role]) for role in Role if role in roles and role in ACTIONS]
