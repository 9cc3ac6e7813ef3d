"""Factories of the committees app (the project-wide ones are in tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from committees.models import (
    Meeting,
    MeetingKind,
    PlanActivity,
    Policy,
    PolicyVersion,
    ProgramArea,
)
from tests.factories import CommitteeFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.COMMITTEE
    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    duration_minutes = 60
    time_zone = "America/New_York"
    location = "Board room"


class ProgramAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    area = factory.SubFactory(ProgramAreaFactory)
    activity = factory.Sequence(lambda n: f"Activity {n}")
    timeframe = "1 month"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    policy = factory.LazyFunction(lambda: Policy.objects.get(slug="confidentiality-agreement"))
    number = factory.Sequence(lambda n: n + 1)
    body = "Keep what you hear confidential."
