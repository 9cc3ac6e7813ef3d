"""Matching suggestions: each rule, the tie-breaking, and rules that hold for all pools."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from roster.models import JobRoleType, OnCallShift, SupporterStatus
from support_requests import matching
from support_requests.matching import eligible_supporters, suggest_supporters
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UnitFactory, UserFactory

TODAY = timezone.localdate
ONE_YEAR = datetime.timedelta(days=365)


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


def on_call_now(user):
    now = timezone.now()
    OnCallShift.objects.create(
        supporter=user,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )


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
    supporter("aa-english@h.test", languages="en", user__last_name="Aa")
    supporter("zz-spanish@h.test", languages="en,es", user__last_name="Zz")
    result = suggest(language="es")
    assert emails(result)[0] == "zz-spanish@h.test"
    assert "Speaks Español" in result[0].reasons


@pytest.mark.django_db
def test_fewer_open_assignments_come_first_among_equals():
    busy = supporter("aa-busy@h.test", user__last_name="Aa")
    supporter("zz-free@h.test", user__last_name="Zz")
    SupportRequestFactory(assigned_to=busy.user, state="accepted")
    assert emails(suggest()) == ["zz-free@h.test", "aa-busy@h.test"]


@pytest.mark.django_db
def test_ties_go_to_the_least_recently_assigned_never_to_the_name():
    now = timezone.now()
    recent = supporter("aa-recent@h.test", user__last_name="Aa")
    longer_ago = supporter("mm-longer@h.test", user__last_name="Mm")
    never = supporter("zz-never@h.test", user__last_name="Zz")
    for who, days in ((recent, 1), (longer_ago, 30)):
        SupportRequestFactory(
            assigned_to=who.user, state="closed", assigned_at=now - datetime.timedelta(days=days)
        )
    assert emails(suggest(limit=10)) == [never.user.email, "mm-longer@h.test", "aa-recent@h.test"]


@pytest.mark.django_db
def test_load_comes_before_recent_activity_and_equal_supporters_follow_the_rotation():
    now = timezone.now()
    busy_but_long_ago = supporter("busy@h.test", user__last_name="Aa")
    SupportRequestFactory(
        assigned_to=busy_but_long_ago.user, state="accepted", assigned_at=now - ONE_YEAR
    )
    free_but_recent = supporter("free@h.test", user__last_name="Zz")
    SupportRequestFactory(assigned_to=free_but_recent.user, state="closed", assigned_at=now)
    twins = [supporter(f"twin{n}@h.test", user__last_name=f"{'ZYX'[n]}") for n in range(3)]
    rotation = [
        p.user.email
        for p in sorted(
            twins,
            key=lambda p: (
                p.user_id * matching.ROTATION_MULTIPLIER % matching.ROTATION_MODULUS,
                p.user_id,
            ),
        )
    ]
    assert emails(suggest(limit=10)) == [*rotation, "free@h.test", "busy@h.test"]


@pytest.mark.django_db
def test_an_emergency_request_asking_for_someone_outside_never_gets_its_own_unit_first():
    ed, icu = UnitFactory(name="Emergency Department"), UnitFactory(name="Intensive Care Unit")
    # The ED nurse matches the role and the language; the ICU physician matches neither.
    supporter("ed-nurse@h.test", home_unit=ed, role_type=JobRoleType.NURSE, languages="es")
    supporter("icu-physician@h.test", home_unit=icu, role_type=JobRoleType.ATTENDING)
    supporter("icu-nurse@h.test", home_unit=icu, role_type=JobRoleType.NURSE)
    wished = {"unit": ed, "preferred_role": "nurse", "language": "es", "limit": 10}
    result = suggest(outside_own_unit=True, **wished)
    assert emails(result) == ["icu-nurse@h.test", "icu-physician@h.test", "ed-nurse@h.test"]
    assert result[0].reasons[:2] == ["Works outside the requester's unit", "Nurse, as asked"]
    assert result[1].reasons[1] == "Attending physician: not the role asked for"
    assert "In the requester's own unit" in result[2].reasons[0]
    # Not asked: the unit does not count, and the ED nurse who speaks Spanish comes first.
    assert emails(suggest(outside_own_unit=False, **wished))[0] == "ed-nurse@h.test"


@pytest.mark.django_db
def test_the_on_call_supporter_comes_first_for_a_request_wanted_today_only():
    supporter("free@h.test")
    on_call = supporter("on-call@h.test")
    SupportRequestFactory(assigned_to=on_call.user, state="accepted")  # busier
    on_call_now(on_call.user)
    today = suggest(urgent=True)
    assert emails(today) == ["on-call@h.test", "free@h.test"]
    assert today[0].reasons[0] == "On call now"
    assert emails(suggest(urgent=False)) == ["free@h.test", "on-call@h.test"]


@pytest.mark.django_db
def test_the_language_is_named_only_where_it_separates_the_suggestions():
    supporter("a@h.test", languages="en")
    supporter("b@h.test", languages="en,fr")
    everyone = suggest(language="en", limit=10)
    assert not any("English" in reason for s in everyone for reason in s.reasons)
    split = suggest(language="fr", limit=10)
    assert split[0].reasons[0] == "Speaks Français"
    assert split[1].reasons[0] == "Does not list Français"


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
            "languages": st.sampled_from(["en", "en,es", "fr"]),
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
    language=st.sampled_from(["", "en", "es"]),
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


RANKED_POOL = st.lists(
    st.fixed_dictionaries(
        {
            "role": st.sampled_from([JobRoleType.NURSE, JobRoleType.ATTENDING, JobRoleType.OTHER]),
            "own_unit": st.booleans(),
            "languages": st.sampled_from(["en", "en,es"]),
            "open": st.integers(min_value=0, max_value=2),
            "last_assigned_days": st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
            "on_call": st.booleans(),
            "last_name": st.sampled_from(["Adams", "Zeller"]),
        }
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pool=RANKED_POOL,
    preferred=st.sampled_from(["any", "nurse", "physician"]),
    outside=st.booleans(),
    language=st.sampled_from(["", "es"]),
    urgent=st.booleans(),
)
def test_the_order_follows_the_rules_one_after_another(pool, preferred, outside, language, urgent):
    """The database's order equals the rules applied in Python: own unit last when asked, role,
    language, on call (today), load, least recently assigned, then the id (names never count)."""
    with transaction.atomic():
        home, elsewhere = UnitFactory(), UnitFactory()
        now = timezone.now()
        expected = []
        for n, spec in enumerate(pool):
            profile = SupporterProfileFactory(
                role_type=spec["role"],
                home_unit=home if spec["own_unit"] else elsewhere,
                languages=spec["languages"],
                user__last_name=spec["last_name"],
            )
            for _ in range(spec["open"]):
                SupportRequestFactory(assigned_to=profile.user, state="accepted", assigned_at=None)
            last = None
            if spec["last_assigned_days"] is not None:
                # Distinct instants: two supporters never tie on the time of their last request.
                last = now - datetime.timedelta(days=spec["last_assigned_days"], seconds=n)
                SupportRequestFactory(assigned_to=profile.user, state="closed", assigned_at=last)
            if spec["on_call"]:
                on_call_now(profile.user)
            role_match = (preferred == "nurse" and spec["role"] == JobRoleType.NURSE) or (
                preferred == "physician" and spec["role"] == JobRoleType.ATTENDING
            )
            expected.append(
                (
                    (
                        int(outside and spec["own_unit"]),
                        -int(role_match),
                        -int(bool(language) and "es" in spec["languages"].split(",")),
                        -int(urgent and spec["on_call"]),
                        spec["open"],
                        (last is not None, last),
                        profile.user_id * matching.ROTATION_MULTIPLIER % matching.ROTATION_MODULUS,
                        profile.user_id,
                    ),
                    profile.user.email,
                )
            )
        result = suggest(
            unit=home,
            preferred_role=preferred,
            outside_own_unit=outside,
            language=language,
            urgent=urgent,
            limit=10,
        )
        assert emails(result) == [email for _, email in sorted(expected)]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_equal_supporters_take_turns_from_one_request_to_the_next():
    """Nobody is first among equals for good: the rotation moves with the request, so a newly
    trained supporter is suggested first for some requests, not after every older account."""
    equals = [supporter(f"equal{n}@h.test") for n in range(6)]
    firsts = set()
    for seed in range(0, matching.ROTATION_MODULUS, matching.ROTATION_MODULUS // 97):
        order = emails(suggest(limit=6, rotation_seed=seed))
        assert sorted(order) == sorted(p.user.email for p in equals)
        assert order == emails(suggest(limit=6, rotation_seed=seed))  # the same request: same order
        firsts.add(order[0])
    assert firsts == {p.user.email for p in equals}
