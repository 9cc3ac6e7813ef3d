"""Matching suggestions: each rule, the tie-breaking, and rules that hold for all pools."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from roster.models import JobRoleType, SupporterStatus
from support_requests.matching import eligible_supporters, suggest_supporters
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UnitFactory, UserFactory

TODAY = timezone.localdate


def suggest(requester=None, unit=None, **needs):
    values = {
        "requester_id": requester.pk if requester else None,
        "requester_unit_id": unit.pk if unit else None,
        "preferred_role": "any",
        "requester_role_type": "",
        "outside_own_unit": False,
        "language": "",
    }
    values.update(needs)
    return suggest_supporters(**values)


def emails(suggestions):
    return [s.profile.user.email for s in suggestions]


def supporter(email, **fields):
    return SupporterProfileFactory(user__email=email, **fields)


@pytest.mark.django_db
def test_only_active_trained_available_supporters_are_suggested():
    supporter("ok@h.test")
    supporter("paused@h.test", status=SupporterStatus.PAUSED)
    supporter("nominated@h.test", status=SupporterStatus.NOMINATED)
    supporter("busy@h.test", is_available=False)
    supporter("untrained@h.test", trained_on=None, refresher_due_on=None)
    supporter("overdue@h.test", refresher_due_on=TODAY() - datetime.timedelta(days=1))
    assert emails(suggest()) == ["ok@h.test"]


@pytest.mark.django_db
def test_the_requester_is_never_suggested_for_their_own_request():
    me = supporter("me@h.test")
    supporter("other@h.test")
    assert emails(suggest(requester=me.user)) == ["other@h.test"]


@pytest.mark.django_db
def test_a_supporter_at_the_open_assignment_limit_is_not_suggested(settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "MAX_OPEN_ASSIGNMENTS": 2}
    full = supporter("full@h.test")
    one = supporter("one@h.test")
    for state in ("assigned", "contacted"):
        SupportRequestFactory(assigned_to=full.user, state=state)
    SupportRequestFactory(assigned_to=one.user, state="accepted")
    SupportRequestFactory(assigned_to=full.user, state="closed")  # closed ones do not count
    result = suggest()
    assert emails(result) == ["one@h.test"]
    assert result[0].reasons[-1] == "1 open assignment"


@pytest.mark.django_db
def test_the_requested_role_type_comes_first():
    supporter("aa-pharmacist@h.test", role_type=JobRoleType.PHARMACIST, user__last_name="Aa")
    supporter("zz-attending@h.test", role_type=JobRoleType.ATTENDING, user__last_name="Zz")
    supporter("mm-nurse@h.test", role_type=JobRoleType.NP_PA, user__last_name="Mm")
    assert emails(suggest(preferred_role="physician"))[0] == "zz-attending@h.test"
    assert emails(suggest(preferred_role="nurse"))[0] == "mm-nurse@h.test"
    same = suggest(preferred_role="same_role", requester_role_type=JobRoleType.PHARMACIST)
    assert emails(same)[0] == "aa-pharmacist@h.test"
    assert "Pharmacist, as asked" in same[0].reasons


@pytest.mark.django_db
def test_someone_outside_the_requesters_unit_comes_first_when_asked():
    home = UnitFactory()
    supporter("aa-same@h.test", home_unit=home, user__last_name="Aa")
    supporter("zz-other@h.test", user__last_name="Zz")
    assert emails(suggest(unit=home, outside_own_unit=False))[0] == "aa-same@h.test"
    result = suggest(unit=home, outside_own_unit=True)
    assert emails(result)[0] == "zz-other@h.test"
    assert "Works outside the requester's unit" in result[0].reasons


@pytest.mark.django_db
def test_a_shared_language_comes_first():
    supporter("aa-english@h.test", languages="English", user__last_name="Aa")
    supporter("zz-spanish@h.test", languages="English, Spanish", user__last_name="Zz")
    result = suggest(language="Spanish")
    assert emails(result)[0] == "zz-spanish@h.test"
    assert "Speaks Spanish" in result[0].reasons


@pytest.mark.django_db
def test_fewer_open_assignments_come_first_among_equals():
    busy = supporter("aa-busy@h.test", user__last_name="Aa")
    supporter("zz-free@h.test", user__last_name="Zz")
    SupportRequestFactory(assigned_to=busy.user, state="accepted")
    assert emails(suggest()) == ["zz-free@h.test", "aa-busy@h.test"]


@pytest.mark.django_db
def test_ties_are_broken_by_name_then_id():
    supporter("b@h.test", user__last_name="Berg", user__first_name="Ann")
    supporter("a@h.test", user__last_name="Adams", user__first_name="Zoe")
    twin_1 = supporter("c1@h.test", user__last_name="Cole", user__first_name="Max")
    twin_2 = supporter("c2@h.test", user__last_name="Cole", user__first_name="Max")
    first_twin, second_twin = sorted([twin_1, twin_2], key=lambda p: p.user_id)
    assert emails(suggest(limit=10)) == [
        "a@h.test",
        "b@h.test",
        first_twin.user.email,
        second_twin.user.email,
    ]


@pytest.mark.django_db
def test_excluded_people_are_never_suggested():
    other = supporter("pair@h.test")
    supporter("fine@h.test")
    assert emails(
        suggest_supporters(
            requester_id=None,
            requester_unit_id=None,
            preferred_role="any",
            requester_role_type="",
            outside_own_unit=False,
            language="",
            exclude_user_ids=[other.user_id],
        )
    ) == ["fine@h.test"]


@pytest.mark.django_db
def test_the_whole_ranking_is_one_query(django_assert_num_queries):
    for n in range(6):
        supporter(f"s{n}@h.test")
    with django_assert_num_queries(1):
        suggest(limit=5)


POOL = st.lists(
    st.fixed_dictionaries(
        {
            "trained": st.booleans(),
            "role": st.sampled_from(list(JobRoleType.values)),
            "status": st.sampled_from(list(SupporterStatus.values)),
            "available": st.booleans(),
            "languages": st.sampled_from(["English", "English, Spanish", "French"]),
        }
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pool=POOL,
    requester_index=st.integers(min_value=0, max_value=5),
    preferred=st.sampled_from(["any", "nurse", "physician", "same_role"]),
    outside=st.booleans(),
    language=st.sampled_from(["", "English", "Spanish"]),
)
def test_the_requester_and_the_untrained_are_never_suggested(
    pool, requester_index, preferred, outside, language
):
    with transaction.atomic():
        unit = UnitFactory()
        profiles = [
            SupporterProfileFactory(
                role_type=spec["role"],
                status=spec["status"],
                is_available=spec["available"],
                languages=spec["languages"],
                home_unit=unit,
                trained_on=TODAY() if spec["trained"] else None,
            )
            for spec in pool
        ]
        requester = profiles[requester_index % len(profiles)].user
        result = suggest(
            requester=requester,
            unit=unit,
            preferred_role=preferred,
            requester_role_type=JobRoleType.NURSE,
            outside_own_unit=outside,
            language=language,
            limit=10,
        )
        suggested = {s.profile.pk for s in result}
        assert requester.pk not in {s.profile.user_id for s in result}
        assert all(p.trained_on is not None for p in profiles if p.pk in suggested)
        assert suggested <= set(
            eligible_supporters(requester_id=requester.pk).values_list("pk", flat=True)
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_plain_user_without_a_profile_is_never_suggested():
    UserFactory()
    assert suggest() == []
