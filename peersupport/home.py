"""What each role can do, for the home page: one section per role the person holds."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.access import may
from core.roles import Role
from core.templatetags.ui import day


@dataclass(frozen=True)
class Action:
    label: str | Promise
    url_name: str
    description: str | Promise

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ACTIONS: dict[Role, list[Action]] = {
    Role.STAFF: [
        Action(
            _("Ask for peer support"),
            "support_requests:new",
            _("For yourself or a colleague. Confidential."),
        ),
        Action(
            _("My requests"),
            "support_requests:mine",
            _("See where your requests are, or withdraw one."),
        ),
        Action(_("Training sessions"), "training:index", _("Upcoming peer support trainings.")),
        Action(
            _("Volunteer as a peer supporter"),
            "roster:volunteer",
            _("Offer to support colleagues; a peer support lead replies."),
        ),
    ],
    Role.SUPPORTER: [
        Action(
            _("My assignments"), "support_requests:assigned", _("Accept, log contact and close.")
        ),
        Action(
            _("My supporter profile"),
            "roster:me",
            _("Availability, on-call shifts, training status."),
        ),
        Action(
            _("Program policies"),
            "committees:policies",
            _("Read and acknowledge the current versions."),
        ),
        Action(
            _("Community meetings"),
            "committees:community",
            _("The quarterly peer supporter meeting."),
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
        work["plan_due"] = list(plan_items_due())
        work["checklist"] = setup_checklist(
            user, next_session=work["sessions"][0] if work["sessions"] else None
        )
    work["ask_is_main"] = not (
        work.get("assignment") or queue is not None or "sessions" in work or Role.SPONSOR in roles
    )
    return work


PLAN_DUE_WITHIN = datetime.timedelta(days=30)


def plan_items_due(limit: int = 5):
    """Plan activities not done that are late or due within the next month, soonest first."""
    from committees import selectors as committees
    from committees.models import ActivityStatus

    today = timezone.localdate()
    return (
        committees.plan_activities(today)
        .filter(due_on__lte=today + PLAN_DUE_WITHIN)
        .exclude(status=ActivityStatus.DONE)
        .order_by("due_on", "pk")[:limit]
    )


@dataclass(frozen=True)
class SetupStep:
    """One line of the program's setup checklist: what stands, whether it is done, and a link to
    the page where it is fixed."""

    label: str
    status: str
    done: bool
    href: str
    action: str


def setup_checklist(user, *, next_session=None) -> list[SetupStep]:
    """The program's setup, computed from the data in five queries whatever its size: units and
    their local leads, supporters trained, the next training session (passed in, already read for
    the home page), committees and meetings, policies published and acknowledged."""
    from django.db.models import Count, Exists, Max, OuterRef, Q

    from committees.models import Committee, Meeting, Policy, PolicyVersion
    from roster import selectors as roster
    from roster.models import LocalLead, SupporterProfile, SupporterStatus, Unit, UnitKind

    units = Unit.objects.filter(kind=UnitKind.UNIT).aggregate(
        total=Count("pk"),
        with_lead=Count("pk", filter=Q(Exists(LocalLead.objects.filter(unit=OuterRef("pk"))))),
        covered=Count(
            "pk",
            filter=Q(
                Exists(
                    SupporterProfile.objects.filter(
                        roster.ready_supporters_filter(), home_unit=OuterRef("pk")
                    )
                )
            ),
        ),
    )
    supporters = SupporterProfile.objects.filter(
        status=SupporterStatus.ACTIVE, user__is_active=True
    ).aggregate(active=Count("pk"), trained=Count("pk", filter=Q(trained_on__isnull=False)))
    now = timezone.now()
    committees = Committee.objects.aggregate(
        total=Count("pk"),
        with_meeting=Count(
            "pk",
            filter=Q(
                Exists(
                    Meeting.objects.filter(
                        Q(starts_at__gt=now) | ~Q(recurrence=""),  # a recurring one, or ahead
                        committee=OuterRef("pk"),
                        cancelled_at__isnull=True,
                    )
                )
            ),
        ),
    )
    policies = list(Policy.objects.annotate(latest=Max("versions__number")))
    published = [p for p in policies if p.latest is not None]
    acknowledged = (
        PolicyVersion.objects.filter(
            Q(*[Q(policy_id=p.pk, number=p.latest) for p in published], _connector=Q.OR)
        ).aggregate(
            n=Count(
                "acknowledgements",
                filter=Q(
                    acknowledgements__user__is_active=True,
                    acknowledgements__user__supporter_profile__status=SupporterStatus.ACTIVE,
                ),
            )
        )["n"]
        if published
        else 0
    )
    missing_acks = len(published) * supporters["active"] - acknowledged
    manager = may(user, "training.schedule")
    without_lead = units["total"] - units["with_lead"]
    untrained = supporters["active"] - supporters["trained"]
    uncovered = units["total"] - units["covered"]
    unpublished = len(policies) - len(published)
    return [
        SetupStep(
            gettext("Local leads"),
            ngettext(
                "%(with)s of %(total)s unit has a local lead.",
                "%(with)s of %(total)s units have a local lead.",
                units["total"],
            )
            % {"with": units["with_lead"], "total": units["total"]},
            units["total"] > 0 and not without_lead,
            reverse("roster:grants"),
            gettext("Propose a local lead"),
        ),
        SetupStep(
            gettext("Trained supporters"),
            gettext(
                "%(trained)s of %(active)s active supporters are trained; "
                "%(uncovered)s of %(total)s units have no ready supporter."
            )
            % {
                "trained": supporters["trained"],
                "active": supporters["active"],
                "uncovered": uncovered,
                "total": units["total"],
            },
            supporters["active"] > 0 and not untrained and not uncovered,
            reverse("roster:coverage") if manager else reverse("training:index"),
            gettext("See coverage by unit") if manager else gettext("See training sessions"),
        ),
        SetupStep(
            gettext("Next training session"),
            gettext("%(course)s on %(day)s.")
            % {"course": next_session.course.name, "day": day(next_session.starts_at)}
            if next_session
            else gettext("No training session is scheduled."),
            next_session is not None,
            reverse("training:session_new") if manager else reverse("training:index"),
            gettext("Schedule a session") if manager else gettext("See training sessions"),
        ),
        SetupStep(
            gettext("Committees and meetings"),
            gettext("%(total)s committees; %(with)s with a meeting scheduled.")
            % {"total": committees["total"], "with": committees["with_meeting"]},
            committees["total"] > 0 and committees["with_meeting"] == committees["total"],
            reverse("committees:index"),
            gettext("See committees and schedule meetings"),
        ),
        SetupStep(
            gettext("Policies"),
            gettext(
                "%(published)s of %(total)s policies published; %(missing)s acknowledgements "
                "by active supporters still missing."
            )
            % {"published": len(published), "total": len(policies), "missing": missing_acks},
            bool(policies) and not unpublished and not missing_acks,
            reverse("committees:policies"),
            gettext("See policies and who has acknowledged them"),
        ),
    ]
