"""The roles query is compiled once and run with each person's id: the answers stay each
person's own, one statement each, and follow a change of role."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.access import forget_roles, roles_of
from core.models import User
from core.roles import GROUP_FOR_ROLE, Role
from tests import factories

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_each_person_gets_their_own_roles_from_the_same_statement(people):
    expected = {
        people.central: Role.CENTRAL_LEAD,
        people.icu_lead: Role.LOCAL_LEAD,
        people.supporter: Role.SUPPORTER,
    }
    statements = []
    for _ in range(2):  # the second round runs on the compiled statement
        for person, role in expected.items():
            user = fresh(person)
            with CaptureQueriesContext(connection) as queries:
                roles = roles_of(user)
                assert roles_of(user) is roles  # cached on the object for the request
            assert len(queries) == 1
            statements.append(queries[0]["sql"].split(" FROM ")[0])
            assert role in roles
            assert set(roles) - {Role.STAFF, role} == set(), (person, roles)
    assert roles_of(fresh(people.staff)) == frozenset({Role.STAFF})
    assert len(set(statements)) == 1


def test_a_new_role_shows_once_the_cached_roles_are_forgotten(people):
    user = fresh(people.staff)
    assert Role.LOCAL_LEAD not in roles_of(user)
    factories.LocalLeadFactory(user=user)
    user.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[Role.SPONSOR])[0])
    forget_roles(user)
    assert {Role.LOCAL_LEAD, Role.SPONSOR} <= roles_of(user)
