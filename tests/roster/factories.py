"""Factories for the roster's own models (the shared ones live in tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from roster.models import JobRoleType, Nomination, OnCallShift
from tests.factories import UnitFactory, UserFactory


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    nominee = factory.SubFactory(UserFactory)
    nominated_by = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role_type = JobRoleType.NURSE


class OnCallShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnCallShift

    supporter = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda shift: shift.starts_at + datetime.timedelta(hours=8))
