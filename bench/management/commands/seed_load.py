"""A large, realistic data set for benchmarks: bulk inserts, fixed seed, DEBUG only.

`python manage.py seed_load --requests 100000` builds 2,000 units, 100,000 staff, 6,000 supporters,
ten years of closed requests with their intervention facts, open requests in every state (with the
assigned supporter's details grant), ten years of training sessions with enrolments, and ten years
of committee and community meetings with attendance. Sizes scale down with --requests for quick
runs. The nine demo accounts are created as well so the benchmark can sign in as each role, and
they have data at every size: the ICU lead's unit has routed requests, supporter@demo.test has
assignments, staff@demo.test has training sessions to see.
"""

import datetime
import random
import time
import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from committees.models import Attendance, Committee, CommitteeMembership, Meeting, MeetingKind
from core.models import User
from demo import accounts as demo
from roster.models import JobRoleType, LocalLead, SupporterProfile, SupporterStatus, Unit, UnitKind
from support_requests import access
from support_requests.models import (
    Category,
    DurationBand,
    Intervention,
    Referral,
    RequestPermissionGrant,
    State,
    SupportRequest,
    Urgency,
)
from training.models import Course, Enrolment, EnrolmentStatus, SessionStatus, TrainingSession

BATCH = 5000
OPEN_STATES = [
    State.SUBMITTED,
    State.TRIAGED,
    State.ROUTED,
    State.ASSIGNED,
    State.ACCEPTED,
    State.CONTACTED,
    State.DECLINED,
]


class Command(BaseCommand):
    help = "Bulk-create a large data set for benchmarks (DEBUG only; deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--staff", type=int, default=None, help="default: as many as requests")
        parser.add_argument("--supporters", type=int, default=6000)
        parser.add_argument("--units", type=int, default=2000)

    def handle(self, *args, requests, staff, supporters, units, **options):
        if not settings.DEBUG:
            raise CommandError("seed_load refuses to run with DEBUG off.")
        if SupportRequest.objects.filter(details="load-seed").exists():
            self.stdout.write("Already seeded; nothing to do.")
            return
        started = time.monotonic()
        rng = random.Random(9)  # noqa: S311
        staff = staff if staff is not None else requests
        with transaction.atomic():
            accounts = demo.seed_accounts()
            unit_list = self.create_units(units)
            self.make_demo_leads(accounts, unit_list)
            users = self.create_users(staff)
            supporter_users = self.create_supporters(rng, users[:supporters], unit_list)
            self.create_requests(rng, requests, users, unit_list, supporter_users, accounts)
            self.create_trainings(rng, requests, users, accounts)
            self.create_meetings(rng, supporter_users, accounts)
        if connection.vendor == "postgresql":
            # A live database is vacuumed by autovacuum; a bulk load is not yet. Without the
            # visibility map every index-only scan reads the table too (the request page's
            # ranking: 3,180 heap fetches, 36 -> 24 ms at 100,000 requests), so the bench would
            # time a state no running hospital is in. VACUUM cannot run inside a transaction.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"seed_load: {len(unit_list)} units, {len(users)} staff, {len(supporter_users)} supporters, "
            f"{requests} requests in {time.monotonic() - started:.1f}s"
        )

    def create_units(self, count: int) -> list[Unit]:
        hospital, _ = Unit.objects.get_or_create(
            code="load-hospital", defaults={"name": "Load Health System", "kind": UnitKind.HOSPITAL}
        )
        departments = Unit.objects.bulk_create(
            [
                Unit(
                    name=f"Department {d}",
                    code=f"load-dept-{d}",
                    kind=UnitKind.DEPARTMENT,
                    parent=hospital,
                )
                for d in range(count // 20)
            ]
        )
        departments = list(Unit.objects.filter(code__startswith="load-dept-"))
        Unit.objects.bulk_create(
            [
                Unit(
                    name=f"Unit {u}",
                    code=f"load-unit-{u}",
                    kind=UnitKind.UNIT,
                    parent=departments[u % len(departments)],
                )
                for u in range(count - len(departments))
            ],
            batch_size=BATCH,
        )
        return list(Unit.objects.filter(code__startswith="load-unit-").select_related("parent"))

    def make_demo_leads(self, accounts, unit_list) -> None:
        LocalLead.objects.get_or_create(user=accounts["icu-lead@demo.test"], unit=unit_list[0])
        LocalLead.objects.get_or_create(user=accounts["ed-lead@demo.test"], unit=unit_list[1])

    def create_users(self, count: int) -> list[int]:
        password = make_password(demo.PASSWORD)
        now = timezone.now()
        for start in range(0, count, BATCH):
            User.objects.bulk_create(
                [
                    User(
                        email=f"staff{n:06d}@load.test",
                        first_name="Staff",
                        last_name=f"{n:06d}",
                        password=password,
                        date_joined=now,
                    )
                    for n in range(start, min(count, start + BATCH))
                ]
            )
        return list(
            User.objects.filter(email__endswith="@load.test")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def create_supporters(
        self, rng: random.Random, user_ids: list[int], unit_list: list[Unit]
    ) -> list[tuple[int, str]]:
        today = timezone.localdate()
        role_types = list(JobRoleType.values)
        statuses = [SupporterStatus.ACTIVE] * 8 + [
            SupporterStatus.PAUSED,
            SupporterStatus.ON_LEAVE,
            SupporterStatus.RETIRED,
        ]
        profiles = []
        for index, user_id in enumerate(user_ids):
            trained = today - datetime.timedelta(days=rng.randint(10, 800))
            profiles.append(
                SupporterProfile(
                    user_id=user_id,
                    role_type=role_types[index % len(role_types)],
                    home_unit=unit_list[index % len(unit_list)],
                    status=statuses[index % len(statuses)],
                    is_available=index % 5 != 3,
                    trained_on=trained,
                    refresher_due_on=trained + datetime.timedelta(days=730),
                    agreement_signed_on=trained,
                )
            )
        SupporterProfile.objects.bulk_create(profiles, batch_size=BATCH)
        demo_supporter = User.objects.get(email="supporter@demo.test")
        SupporterProfile.objects.get_or_create(
            user=demo_supporter,
            defaults={
                "role_type": JobRoleType.NURSE,
                "home_unit": unit_list[0],
                "trained_on": today,
                "refresher_due_on": today + datetime.timedelta(days=730),
                "agreement_signed_on": today,
            },
        )
        return [(profile.user_id, profile.role_type) for profile in profiles]

    def create_requests(self, rng, count, users, unit_list, supporters, accounts) -> None:
        now = timezone.now()
        categories = list(Category.values)
        open_count = max(len(OPEN_STATES) * 3, count // 50)
        closed_count = count - open_count
        ten_years = 3650 * 24 * 60
        for start in range(0, closed_count, BATCH):
            requests_batch, facts = [], []
            for _ in range(start, min(closed_count, start + BATCH)):
                unit = unit_list[rng.randrange(len(unit_list))]
                submitted = now - datetime.timedelta(minutes=rng.randint(60 * 24 * 31, ten_years))
                minutes = rng.choice([rng.randint(5, 120), rng.randint(60, 3000)])
                contact = submitted + datetime.timedelta(minutes=minutes)
                closed = contact + datetime.timedelta(days=rng.randint(0, 10))
                supporter_id, role_type = supporters[rng.randrange(len(supporters))]
                category = categories[rng.randrange(len(categories))]
                urgency = Urgency.TODAY if rng.random() < 0.3 else Urgency.THIS_WEEK
                requests_batch.append(
                    SupportRequest(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        state=State.CLOSED,
                        requester_id=users[rng.randrange(len(users))],
                        category=category,
                        unit=unit,
                        urgency=urgency,
                        routed_unit=unit,
                        assigned_to_id=supporter_id,
                        submitted_at=submitted,
                        triaged_at=submitted,
                        assigned_at=submitted,
                        accepted_at=submitted,
                        first_contact_at=contact,
                        closed_at=closed,
                        purged_at=closed + datetime.timedelta(days=30),
                        details=None,
                    )
                )
                facts.append(
                    Intervention(
                        category=category,
                        unit=unit,
                        department_id=unit.parent_id,
                        urgency=urgency,
                        requested_at=submitted,
                        first_contact_at=contact,
                        minutes_to_first_contact=minutes,
                        closed_on=closed.date(),
                        supporter_role_type=role_type,
                        contacts=rng.randint(1, 4),
                        duration_band=rng.choice(list(DurationBand.values)),
                        referral=rng.choice(list(Referral.values)),
                        follow_up_planned=rng.random() < 0.3,
                    )
                )
            SupportRequest.objects.bulk_create(requests_batch)
            Intervention.objects.bulk_create(facts)
        open_requests = []
        for index in range(open_count):
            state = OPEN_STATES[index % len(OPEN_STATES)]
            unit = (
                unit_list[index % 2] if index % 3 == 0 else unit_list[rng.randrange(len(unit_list))]
            )
            assigned = state in (State.ASSIGNED, State.ACCEPTED, State.CONTACTED)
            open_requests.append(
                SupportRequest(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    state=state,
                    requester_id=users[rng.randrange(len(users))],
                    category=categories[index % len(categories)],
                    unit=unit,
                    urgency=Urgency.TODAY if index % 4 == 0 else Urgency.THIS_WEEK,
                    routed_unit=unit if state != State.SUBMITTED else None,
                    assigned_to_id=None
                    if not assigned
                    else (
                        accounts["supporter@demo.test"].pk
                        if index % 10 == 0
                        else supporters[index % len(supporters)][0]
                    ),
                    submitted_at=now - datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 6)),
                    details="load-seed" if index == 0 else "A synthetic request for load tests.",
                )
            )
        SupportRequest.objects.bulk_create(open_requests, batch_size=BATCH)
        # The assigned supporter holds the per-request details grant (services.assign does this
        # with guardian's assign_perm); without it "My assignments" would be empty.
        app_label, codename = access.DETAILS_PERMISSION.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        RequestPermissionGrant.objects.bulk_create(
            [
                RequestPermissionGrant(
                    user_id=row.assigned_to_id, permission=permission, content_object=row
                )
                for row in open_requests
                if row.assigned_to_id is not None
            ],
            batch_size=BATCH,
        )

    def create_trainings(self, rng, count, users, accounts) -> None:
        """Ten years of sessions (one per 100 requests, at least 40), the last few upcoming;
        each with up to 12 enrolments; staff@demo.test is enrolled in the upcoming ones."""
        courses = list(Course.objects.order_by("pk"))
        if not courses:
            courses = [Course.objects.create(name="Load course", slug="load-course")]
        now = timezone.now()
        total = max(40, count // 100)
        upcoming = 12
        sessions = []
        for index in range(total):
            if index < total - upcoming:
                starts = now - datetime.timedelta(
                    days=rng.randint(1, 3650), hours=rng.randint(0, 8)
                )
            else:
                starts = now + datetime.timedelta(days=3 * (index - total + upcoming + 1))
            sessions.append(
                TrainingSession(
                    course=courses[index % len(courses)],
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    place=f"Education room {index % 9 + 1}",
                    capacity=12,
                    status=SessionStatus.CANCELLED if index % 17 == 5 else SessionStatus.SCHEDULED,
                    uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                )
            )
        TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
        staff = accounts["staff@demo.test"].pk
        enrolments = []
        for index, session in enumerate(sessions):
            past = index < total - upcoming
            people = {users[rng.randrange(len(users))] for _ in range(rng.randint(3, 11))}
            if not past:
                people.add(staff)
            for user_id in sorted(people):
                attended = (rng.random() < 0.9) if past else None
                enrolments.append(
                    Enrolment(
                        session=session,
                        user_id=user_id,
                        status=EnrolmentStatus.ENROLLED,
                        requested_at=session.starts_at - datetime.timedelta(days=14),
                        attended=attended,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)

    def create_meetings(self, rng, supporters, accounts) -> None:
        """Ten years of monthly meetings per committee and one community meeting per quarter,
        with members and some attendance."""
        committees = list(Committee.objects.order_by("pk"))
        now = timezone.now()
        members = []
        for committee in committees:
            chosen = {supporters[rng.randrange(len(supporters))][0] for _ in range(12)}
            chosen.add(accounts["chair@demo.test"].pk)
            members.extend(
                CommitteeMembership(committee=committee, user_id=user_id)
                for user_id in sorted(chosen)
            )
        CommitteeMembership.objects.bulk_create(members, ignore_conflicts=True)
        meetings = []
        for committee in committees:
            for month in range(-118, 3):
                starts = (now + datetime.timedelta(days=30 * month)).replace(
                    hour=16, minute=0, second=0, microsecond=0
                )
                meetings.append(
                    Meeting(
                        kind=MeetingKind.COMMITTEE,
                        committee=committee,
                        title=f"{committee.name}: monthly meeting",
                        starts_at=starts,
                        location="Board room",
                        minutes="Minutes recorded." if month < 0 else "",
                    )
                )
        taken = set(
            Meeting.objects.filter(kind=MeetingKind.COMMUNITY).values_list(
                "quarter_start", flat=True
            )
        )
        today = timezone.localdate()
        for quarter in range(-40, 2):
            month = (today.month - 1) // 3 * 3 + 1 + quarter * 3
            year = today.year + (month - 1) // 12
            quarter_start = datetime.date(year, (month - 1) % 12 + 1, 1)
            if quarter_start in taken:
                continue
            meetings.append(
                Meeting(
                    kind=MeetingKind.COMMUNITY,
                    quarter_start=quarter_start,
                    title=f"Peer Supporter Community meeting {quarter_start:%Y-%m}",
                    starts_at=timezone.make_aware(
                        datetime.datetime.combine(
                            quarter_start + datetime.timedelta(days=20), datetime.time(12)
                        )
                    ),
                    location="Auditorium",
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        attendance = [
            Attendance(
                meeting=meeting,
                occurrence_on=timezone.localtime(meeting.starts_at).date(),
                user_id=supporters[rng.randrange(len(supporters))][0],
            )
            for meeting in meetings
            if meeting.starts_at < now
        ]
        Attendance.objects.bulk_create(attendance, batch_size=BATCH, ignore_conflicts=True)
