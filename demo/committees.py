"""The demo committees, meetings, program plan and policies. Idempotent."""

import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone

from committees import occurrences, services
from committees.models import (
    ActivityStatus,
    Attendance,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingRecord,
    PlanActivity,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    ProgramArea,
)
from core.models import User

ADVISORY_MINUTES = """## Attendance
Chair, program manager, central lead and unit representatives.

## Decisions
1. Adopt the 30-minute call-back target for "today" requests.
2. Ask the Education Committee for a refresher course on boundaries.

## Actions
- Program manager: publish version 2 of the role description.
- Central lead: report response times at the next meeting.
"""

POLICY_TEXTS = {
    "confidentiality-agreement": (
        "As a peer supporter I keep what colleagues tell me confidential. I record only that a "
        "contact happened and when, never what was said. I tell a lead only if someone is at "
        "risk of harm, and I say so at the start of every conversation."
    ),
    "supporter-role-description": (
        "A peer supporter listens, normalises reactions to stressful events, and points to "
        "further help (EAP, chaplaincy, psychology) when needed. A peer supporter does not give "
        "therapy, investigate events, or discuss a colleague's professional conduct."
    ),
    "scope-of-peer-support": (
        "Peer support is one-to-one support after any challenging event. Grievances about a "
        "colleague go to Human Resources; group debriefs to the Employee Assistance Program; "
        "emergencies to the crisis line (988)."
    ),
}

PLAN = [
    (
        "Leadership infrastructure",
        [
            (
                "Assign program roles",
                "Chair",
                "1 month",
                "Every role has a named holder",
                120,
                "done",
            ),
            (
                "Train staff on their program roles",
                "Program manager",
                "2 months",
                "Role holders know their responsibilities",
                -20,
                "in_progress",
            ),
        ],
    ),
    (
        "Training",
        [
            (
                "Run the initial peer supporter training twice a year",
                "Education Committee",
                "6 months",
                "Every unit has a trained supporter",
                -45,
                "planned",
            ),
            (
                "Design a boundaries refresher",
                "Education Committee",
                "3 months",
                "Refresher course ready",
                60,
                "planned",
            ),
        ],
    ),
    (
        "Marketing and communications",
        [
            (
                "Intranet page and posters in every break room",
                "Marketing & Communications Committee",
                "2 months",
                "Staff know how to ask for peer support",
                -10,
                "in_progress",
            ),
        ],
    ),
]


def nth_weekday_start(months_back: int, rule: str, at: datetime.time) -> datetime.datetime:
    """The first match of `rule` from the first day of the month `months_back` months ago."""
    today = timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - months_back
    first_day = datetime.date(month_index // 12, month_index % 12 + 1, 1)
    first = datetime.datetime.combine(first_day, at, ZoneInfo(settings.TIME_ZONE))
    return rrulestr(rule, dtstart=first).after(first, inc=True)


def seed_members(accounts) -> dict[str, Committee]:
    committees = {}
    for slug, name in [
        ("advisory", "Advisory Committee"),
        ("education", "Education Committee"),
        ("marketing-communications", "Marketing & Communications Committee"),
        ("it", "IT Committee"),
    ]:
        # get_or_create: browser tests flush the database, data migrations included.
        committees[slug], _ = Committee.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_standing": True}
        )
    members = [
        ("education", "education@demo.test", CommitteeRole.CHAIR),
        ("advisory", "chair@demo.test", CommitteeRole.CHAIR),
        ("advisory", "manager@demo.test", CommitteeRole.MEMBER),
        ("advisory", "central@demo.test", CommitteeRole.MEMBER),
        ("advisory", "icu-lead@demo.test", CommitteeRole.MEMBER),
        ("advisory", "ed-lead@demo.test", CommitteeRole.CO_CHAIR),
        ("education", "supporter01@demo.test", CommitteeRole.MEMBER),
        ("education", "supporter02@demo.test", CommitteeRole.MEMBER),
        ("marketing-communications", "supporter03@demo.test", CommitteeRole.CHAIR),
        ("marketing-communications", "supporter04@demo.test", CommitteeRole.MEMBER),
        ("it", "supporter05@demo.test", CommitteeRole.MEMBER),
    ]
    users = {u.email: u for u in User.objects.filter(email__in=[m[1] for m in members])}
    for slug, email, role in members:
        if email in users:
            CommitteeMembership.objects.get_or_create(
                committee=committees[slug], user=users[email], defaults={"role": role}
            )
    return committees


def seed_meetings(committees, accounts) -> None:
    """Meetings as rows (the demo is not anyone's action, so it writes no audit events)."""
    manager = accounts["manager@demo.test"]
    zone = settings.TIME_ZONE
    if not Meeting.objects.filter(committee=committees["advisory"]).exists():
        rule = "FREQ=MONTHLY;BYDAY=2TU"
        meeting = Meeting.objects.create(
            kind=MeetingKind.COMMITTEE,
            committee=committees["advisory"],
            title="Advisory Committee monthly meeting",
            starts_at=nth_weekday_start(6, rule, datetime.time(15, 0)),
            time_zone=zone,
            recurrence=rule,
            location="Administration building, board room 2",
            video_url="https://meet.example.org/peer-support-advisory",
            agenda="1. Response times\n2. Coverage of units\n3. Training calendar",
            created_by=manager,
        )
        services.invite(meeting=meeting)
        # The first occurrence's minutes, published; it left one action open for the next.
        first = MeetingRecord.objects.create(
            meeting=meeting,
            occurs_on=occurrences.local_start(meeting).date(),
            agenda=meeting.agenda,
            minutes=ADVISORY_MINUTES,
            agenda_published_at=meeting.starts_at,
            minutes_published_at=meeting.starts_at,
        )
        MeetingAction.objects.create(
            record=first, description="Draft the rota for the holidays", owner=manager
        )
    if not Meeting.objects.filter(committee=committees["marketing-communications"]).exists():
        meeting = Meeting.objects.create(
            kind=MeetingKind.COMMITTEE,
            committee=committees["marketing-communications"],
            title="Marketing & Communications check-in",
            starts_at=nth_weekday_start(2, "FREQ=MONTHLY;BYDAY=1TH", datetime.time(11, 0)),
            duration_minutes=45,
            time_zone=zone,
            recurrence="FREQ=WEEKLY;INTERVAL=2",
            video_url="https://meet.example.org/peer-support-marketing",
            created_by=manager,
        )
        services.invite(meeting=meeting)
    today = timezone.localdate()
    # This quarter's community meeting (held or not) with attendance, and the next quarter's.
    this_quarter, next_quarter = (
        Meeting.objects.get_or_create(
            kind=MeetingKind.COMMUNITY,
            quarter_start=start,
            defaults={
                "title": services.community_meeting_title(start),
                "starts_at": services.community_meeting_start(start),
                "time_zone": zone,
                "location": "Conference Center, room B, and by video",
                "video_url": "https://meet.example.org/peer-supporter-community",
            },
        )[0]
        for start in (services.quarter_start_of(today), services.next_quarter_start(today))
    )
    for meeting in (this_quarter, next_quarter):
        if meeting.starts_at > timezone.now():
            services.invite(meeting=meeting)
    if this_quarter.starts_at < timezone.now() and not this_quarter.attendance.exists():
        attendees = User.objects.filter(
            supporter_profile__status="active", email__startswith="supporter"
        ).order_by("email")[:18]
        held_on = this_quarter.starts_at.astimezone(ZoneInfo(zone)).date()
        Attendance.objects.bulk_create(
            [Attendance(meeting=this_quarter, occurrence_on=held_on, user=u) for u in attendees]
        )


def seed_plan(accounts) -> None:
    today = timezone.localdate()
    owners = {
        "Chair": accounts["chair@demo.test"],
        "Program manager": accounts["manager@demo.test"],
        "Education Committee": accounts["education@demo.test"],
        "Marketing & Communications Committee": accounts["manager@demo.test"],
    }
    for position, (area_name, activities) in enumerate(PLAN):
        area, _ = ProgramArea.objects.get_or_create(name=area_name, defaults={"position": position})
        for activity, who, timeframe, outcome, due_in_days, status in activities:
            PlanActivity.objects.get_or_create(
                area=area,
                activity=activity,
                defaults={
                    "responsible": owners[who],
                    "timeframe": timeframe,
                    "desired_outcome": outcome,
                    "due_on": today + datetime.timedelta(days=due_in_days),
                    "status": ActivityStatus(status),
                },
            )


def seed_policies(accounts) -> None:
    titles = {
        "confidentiality-agreement": "Confidentiality agreement",
        "supporter-role-description": "Peer supporter role description",
        "scope-of-peer-support": "Scope of peer support",
    }
    for slug, body in POLICY_TEXTS.items():
        policy, _ = Policy.objects.get_or_create(slug=slug, defaults={"title": titles[slug]})
        if not policy.versions.exists():
            PolicyVersion.objects.create(
                policy=policy, number=1, body=body, published_by=accounts["manager@demo.test"]
            )
    # Most supporters acknowledged the confidentiality agreement; a few have not yet.
    version = PolicyVersion.objects.get(policy__slug="confidentiality-agreement", number=1)
    supporters = User.objects.filter(supporter_profile__status="active").order_by("email")
    PolicyAcknowledgement.objects.bulk_create(
        [
            PolicyAcknowledgement(version=version, user=user)
            for index, user in enumerate(supporters)
            if index % 6 != 1
        ],
        ignore_conflicts=True,
    )


def seed(accounts) -> list[str]:
    committees = seed_members(accounts)
    seed_meetings(committees, accounts)
    seed_plan(accounts)
    seed_policies(accounts)
    return [
        f"{CommitteeMembership.objects.count()} committee memberships",
        f"{Meeting.objects.count()} meetings "
        f"({Meeting.objects.filter(kind=MeetingKind.COMMUNITY).count()} community)",
        f"{PlanActivity.objects.count()} plan activities",
    ]
