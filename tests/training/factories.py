"""Factories of the training app."""

import datetime

import factory
from django.utils import timezone

from tests.factories import UserFactory
from training.models import (
    CompletionEffect,
    Course,
    Enrolment,
    EnrolmentStatus,
    FeedbackResponse,
    TrainingSession,
)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    name = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    duration_minutes = 120
    completion_effect = CompletionEffect.NONE
    refresher_interval_months = 24


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Education Centre"
    capacity = 10

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    user = factory.SubFactory(UserFactory)
    status = EnrolmentStatus.ENROLLED


class FeedbackResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackResponse

    session = factory.SubFactory(TrainingSessionFactory)
    content_rating = 4
    facilitation_rating = 5
    usefulness_rating = 3
