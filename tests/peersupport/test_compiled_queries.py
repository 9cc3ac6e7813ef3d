"""A statement compiled once per shape (core.compiled_queries) answers exactly as the queryset it
was built from, for new values of every kind, and is built again rather than kept when it cannot
tell a value apart."""

import datetime

import pytest
from django.utils import timezone

from core.compiled_queries import CompiledQueries
from core.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def joined_between(*, since, until, email_part, first_id):
    return User.objects.filter(
        date_joined__gte=since,
        date_joined__date__lte=until,
        email__contains=email_part,
        pk__gte=first_id,
    ).order_by("pk")


def test_every_kind_of_value_is_substituted_in_the_kept_statement(django_assert_num_queries):
    now = timezone.now()
    people = [
        UserFactory(email=f"{name}@hospital.test", date_joined=now - datetime.timedelta(days=days))
        for name, days in [("ann.ward", 1), ("bob.ward", 10), ("cy.clinic", 30), ("di.ward", 60)]
    ]
    cache = CompiledQueries(User)
    cases = [
        (now - datetime.timedelta(days=20), now.date(), "ward", people[0].pk),
        (now - datetime.timedelta(days=90), now.date(), "clinic", people[0].pk),
        (now - datetime.timedelta(days=90), (now - datetime.timedelta(days=5)).date(), "ward", 0),
        (now - datetime.timedelta(days=90), now.date(), ".ward@", people[1].pk),
    ]
    for since, until, email_part, first_id in cases:
        values = {"since": since, "until": until, "email_part": email_part, "first_id": first_id}
        expected = list(joined_between(**values))
        with django_assert_num_queries(1):
            kept = cache.fetch("one shape", values, joined_between)
        assert [user.email for user in kept] == [user.email for user in expected]
        assert [user.date_joined for user in kept] == [user.date_joined for user in expected]
    assert len(cache._kept) == 1


def test_a_value_the_parameters_do_not_show_is_never_kept():
    person = UserFactory(email="only@hospital.test")
    cache = CompiledQueries(User)
    built = []

    def by_id(*, pk, unused):
        built.append(pk)
        return User.objects.filter(pk=pk)

    for _ in range(2):
        assert cache.fetch("shape", {"pk": person.pk, "unused": 7}, by_id) == [person]
    assert len(built) == 3  # the stand-ins once, then each call built as usual


def test_a_statement_that_can_match_nothing_runs_no_query(django_assert_num_queries):
    cache = CompiledQueries(User)

    def nobody(**values):
        return User.objects.filter(pk__in=[])

    for _ in range(2):
        with django_assert_num_queries(0):
            assert cache.fetch("empty", {}, nobody) == []
