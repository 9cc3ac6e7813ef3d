"""The request page's suggestions come from SQL compiled once per shape (selectors.suggestions_for):
for every kind of request and viewer they are exactly what ranking the pool through the ORM gives,
and a second request of the same shape runs the kept statement with its own values."""

import datetime
import itertools

import pytest
from django.utils import timezone

from core.access import forget_roles
from roster.models import JobRoleType, OnCallShift
from support_requests import matching, selectors
from support_requests.models import ConflictDecline, State, Urgency
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UnitFactory

pytestmark = pytest.mark.django_db


def ranked_through_the_orm(actor, request):
    """The suggestions as the page computed them before their SQL was kept."""
    return matching.rank(
        selectors.supporter_pool(actor, request),
        requester_unit_id=request.unit_id,
        preferred_role=request.preferred_role,
        requester_role_type=request.requester_role_type,
        outside_own_unit=request.outside_own_unit,
        language=request.language,
        limit=selectors.SUGGESTIONS_SHOWN,
        urgent=request.urgency == Urgency.TODAY,
        rotation_seed=matching.rotation_seed(request),
    )


def access_fresh(user):
    """The person without the roles and units cached on them for a request."""
    forget_roles(user)
    return user


def described(suggestions):
    return [
        (s.profile.user_id, s.profile.user.email, s.profile.home_unit.name, s.score, s.reasons)
        for s in suggestions
    ]


@pytest.fixture
def roster(people):
    """Supporters that every rule separates: units, role types, languages, load, on call."""
    now = timezone.now()
    kinds = itertools.cycle(
        [
            (JobRoleType.NURSE, "en"),
            (JobRoleType.ATTENDING, "es"),
            (JobRoleType.RESIDENT, "en,es"),
            (JobRoleType.PHARMACIST, "fr,en"),
            (JobRoleType.NP_PA, "es,fr"),
        ]
    )
    profiles = []
    for n in range(14):
        role_type, languages = next(kinds)
        profiles.append(
            SupporterProfileFactory(
                home_unit=people.icu if n % 3 == 0 else people.ed,
                role_type=role_type,
                languages=languages,
            )
        )
    for n, profile in enumerate(profiles[:6]):  # some hold open requests, given at times apart
        SupportRequestFactory(
            assigned_to=profile.user,
            state=State.ACCEPTED if n % 2 else State.CLOSED,
            assigned_at=now - datetime.timedelta(days=n + 1),
        )
    OnCallShift.objects.create(
        supporter=profiles[7].user,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    return profiles


WISHES = [
    {"preferred_role": "any", "language": "en", "urgency": Urgency.TODAY},
    {"preferred_role": "nurse", "language": "es", "urgency": Urgency.THIS_WEEK},
    {"preferred_role": "physician", "language": "", "outside_own_unit": True},
    {
        "preferred_role": "same_role",
        "requester_role_type": JobRoleType.PHARMACIST,
        "language": "fr",
        "outside_own_unit": True,
        "urgency": Urgency.TODAY,
    },
    {"preferred_role": "any", "language": "Spanish"},  # written before the codes
]


@pytest.mark.parametrize("wishes", WISHES)
@pytest.mark.parametrize("viewer", ["central", "icu_lead"])
def test_the_suggestions_are_those_the_orm_ranks_for_every_shape(people, roster, wishes, viewer):
    actor = getattr(people, viewer)
    for n in range(3):  # the first compiles the statement, the next ones reuse it
        request = SupportRequestFactory(
            unit=people.icu if n % 2 else people.ed,
            routed_unit=people.icu,
            state=State.ROUTED,
            **wishes,
        )
        kept = described(selectors.suggestions_for(actor, request))
        assert kept == described(ranked_through_the_orm(actor, request))
        assert kept


def test_the_people_never_offered_a_request_stay_out_with_the_kept_statement(people, roster):
    declined, not_to, holder = (profile.user for profile in roster[8:11])
    for _second in range(2):  # the second view uses the kept statement
        request = SupportRequestFactory(
            unit=people.icu, state=State.ASSIGNED, assigned_to=holder, not_assign_to=not_to
        )
        ConflictDecline.objects.create(support_request=request, supporter=declined)
        offered = {s.profile.user_id for s in selectors.suggestions_for(people.central, request)}
        assert offered
        assert not offered & {declined.pk, not_to.pk, holder.pk, request.requester_id}
        assert described(selectors.suggestions_for(people.central, request)) == described(
            ranked_through_the_orm(people.central, request)
        )


def test_a_second_request_of_the_same_shape_is_not_built_again(people, roster, monkeypatch):
    first, second = (
        SupportRequestFactory(unit=unit, language="es", preferred_role="nurse")
        for unit in (people.icu, people.ed)
    )
    expected = described(ranked_through_the_orm(people.central, second))
    selectors.suggestions_for(people.central, first)

    def not_again(*args, **kwargs):
        raise AssertionError("the ranking was built again for a shape already compiled")

    monkeypatch.setattr(matching, "ranked", not_again)
    assert described(selectors.suggestions_for(people.central, second)) == expected


def test_a_language_with_like_wildcards_is_matched_literally(people, roster):
    """A request's language is free text before the codes: "%" or "_" must not match anything."""
    SupporterProfileFactory(home_unit=people.ed, languages="xx_y")
    for language in ("x%", "x_", "xx_y"):
        request = SupportRequestFactory(unit=people.icu, language=language)
        suggestions = selectors.suggestions_for(people.central, request)
        assert described(suggestions) == described(ranked_through_the_orm(people.central, request))
        matched = [s.profile.languages for s in suggestions if s.profile.language_match]
        assert matched == (["xx_y"] if language == "xx_y" else [])


def test_the_suggestions_follow_the_day_and_the_hour(people, roster, time_machine):
    """Today's date (refreshers due) and the hour (who is on call) are values, not kept text."""
    request = SupportRequestFactory(unit=people.icu, urgency=Urgency.TODAY)
    on_call = roster[7].user_id
    now = described(selectors.suggestions_for(people.central, request))
    assert now[0][0] == on_call
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=3))
    later = selectors.suggestions_for(people.central, request)
    assert described(later) == described(ranked_through_the_orm(people.central, request))
    assert not any(s.profile.on_call for s in later)
    overdue = roster[0]
    overdue.refresher_due_on = timezone.localdate() + datetime.timedelta(days=2)
    overdue.save(update_fields=["refresher_due_on"])
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))
    offered = [s.profile.user_id for s in selectors.suggestions_for(people.central, request)]
    assert overdue.user_id not in offered
    assert offered == [s[0] for s in described(ranked_through_the_orm(people.central, request))]


def test_a_local_lead_is_offered_only_the_supporters_of_the_units_they_lead(people, roster):
    request = SupportRequestFactory(unit=people.icu, routed_unit=people.icu, state=State.ROUTED)
    offered = selectors.suggestions_for(people.icu_lead, request)
    assert offered
    assert {s.profile.home_unit_id for s in offered} == {people.icu.pk}
    people.icu_lead.led_units.update(unit=UnitFactory())  # a unit without supporters
    assert selectors.suggestions_for(access_fresh(people.icu_lead), request) == []
    people.icu_lead.led_units.all().delete()  # no unit at all: an empty list of units
    assert selectors.suggestions_for(access_fresh(people.icu_lead), request) == []
