"""The demo training programme: courses, sessions held (with attendance and feedback) and upcoming
sessions, one of them full with a wait list. Idempotent: each demo session is found again
by its course and place."""

import datetime
import importlib

from django.utils import timezone

from committees.models import Committee, CommitteeMembership, CommitteeRole
from core.models import User
from demo.accounts import rng
from training.models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    FeedbackResponse,
    TrainingSession,
)

STANDING_COURSES = importlib.import_module(
    "training.migrations.0002_standing_courses"
).STANDING_COURSES

# (course slug, place, days from today, hour, capacity, enrolled, waiting, facilitated by education@)
DEMO_SESSIONS = [
    ("initial-peer-supporter-training", "Education Centre, Room 1", -90, 8, 12, 10, 0, True),
    ("refresher", "Education Centre, Room 2", -45, 13, 10, 8, 0, False),
    ("active-listening", "Simulation Lab", -20, 14, 8, 7, 0, True),
    ("active-listening", "Education Centre, Room 3", 7, 14, 4, 4, 2, True),
    ("initial-peer-supporter-training", "Education Centre, Room 1 (spring)", 14, 8, 12, 5, 0, True),
    ("boundaries", "", 21, 12, 20, 3, 0, False),
]
VIDEO_LINK = "https://video.hospital.example/peer-support-boundaries"
COMMENTS = [
    "The role plays made it real.",
    "More time for practice, please.",
    "Clear and kind facilitation.",
    "",
    "",
    "I would like a follow-up session on handing over to EAP.",
]


def seed_courses() -> dict[str, Course]:
    courses = {}
    for course in STANDING_COURSES:
        courses[course["slug"]], _ = Course.objects.get_or_create(
            slug=course["slug"], defaults={**course, "is_standing": True}
        )
    return courses


def education_facilitator(accounts) -> User:
    education, _ = Committee.objects.get_or_create(
        slug="education", defaults={"name": "Education Committee", "is_standing": True}
    )
    user = accounts["education@demo.test"]
    CommitteeMembership.objects.get_or_create(
        committee=education, user=user, defaults={"role": CommitteeRole.CHAIR}
    )
    return user


def at_local(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed(accounts) -> list[str]:
    courses = seed_courses()
    facilitator = education_facilitator(accounts)
    random = rng()
    people = list(
        User.objects.filter(email__startswith="supporter", email__endswith="@demo.test")
        .exclude(email="supporter@demo.test")
        .order_by("email")
    )
    for index, (slug, place, days, hour, capacity, enrolled, waiting, by_education) in enumerate(
        DEMO_SESSIONS
    ):
        course = courses[slug]
        starts_at = at_local(days, hour)
        session, created = TrainingSession.objects.get_or_create(
            course=course,
            place=place,
            video_link="" if place else VIDEO_LINK,
            defaults={
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(minutes=course.duration_minutes),
                "capacity": capacity,
            },
        )
        if not created:
            continue
        if by_education:
            session.facilitators.add(facilitator)
        held = days < 0
        chosen = people[index * 6 : index * 6 + enrolled + waiting]
        for position, person in enumerate(chosen):
            is_waiting = position >= enrolled
            attended = (position % 7 != 3) if held else None
            answered = bool(attended) and position % 4 != 1
            Enrolment.objects.create(
                session=session,
                user=person,
                status=EnrolmentStatus.WAITLISTED if is_waiting else EnrolmentStatus.ENROLLED,
                requested_at=starts_at - datetime.timedelta(days=20 - position),
                attended=attended,
                feedback_answered=answered,
            )
            if answered:
                FeedbackResponse.objects.create(
                    session=session,
                    content_rating=random.randint(3, 5),
                    facilitation_rating=random.randint(3, 5),
                    usefulness_rating=random.randint(2, 5),
                    comment=COMMENTS[position % len(COMMENTS)],
                )
    return [
        f"{Course.objects.count()} courses",
        f"{TrainingSession.objects.count()} training sessions",
        f"{Enrolment.objects.count()} enrolments",
    ]
