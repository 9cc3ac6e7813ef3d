"""Factories for the long-term facts reports read (Intervention, Redirection, SurveyResponse)."""

import datetime

import factory
from django.utils import timezone

from roster.models import JobRoleType
from support_requests.models import (
    Category,
    Intervention,
    Redirection,
    RedirectReason,
    SurveyResponse,
    Urgency,
)
from tests.factories import UnitFactory


def months_ago(months: int, day: int = 15) -> datetime.datetime:
    """An aware time on `day` of the month `months` before the current one, at noon."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return timezone.make_aware(datetime.datetime(index // 12, index % 12 + 1, day, 12, 0))


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    category = Category.ADVERSE_EVENT
    unit = factory.SubFactory(UnitFactory)
    department = factory.LazyAttribute(lambda o: o.unit.parent)
    urgency = Urgency.THIS_WEEK
    requested_at = factory.LazyFunction(lambda: months_ago(1))
    minutes_to_first_contact = 60
    first_contact_at = factory.LazyAttribute(
        lambda o: o.requested_at + datetime.timedelta(minutes=o.minutes_to_first_contact or 0)
    )
    closed_on = factory.LazyAttribute(
        lambda o: (o.requested_at + datetime.timedelta(days=3)).date()
    )
    supporter_role_type = JobRoleType.NURSE


class RedirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Redirection

    reason = RedirectReason.HR
    occurred_on = factory.LazyFunction(lambda: months_ago(1).date())


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    rating = 5
    would_recommend = True
    month = factory.LazyFunction(lambda: months_ago(1).date().replace(day=1))
