"""The on-call rota: sign-up, who is on call now, and the daily gap notice."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import Notification
from roster import selectors, services, tasks
from roster.models import OnCallShift, SupporterStatus
from roster.schedule import BEAT_SCHEDULE
from tests.factories import SupporterProfileFactory
from tests.roster.factories import OnCallShiftFactory

HOUR = datetime.timedelta(hours=1)
# A Wednesday at noon in the hospital's time zone, far from any DST change.
NOON = datetime.datetime(2026, 3, 25, 12, 0)


def at(day_offset: int, hour: int) -> datetime.datetime:
    base = datetime.datetime.combine(NOON.date(), datetime.time(0))
    return timezone.make_aware(base + datetime.timedelta(days=day_offset, hours=hour))


def cover_whole_days(user, first: int, last: int, skip: frozenset[int] = frozenset()):
    for offset in range(first, last + 1):
        if offset not in skip:
            OnCallShift.objects.create(
                supporter=user, starts_at=at(offset, 0), ends_at=at(offset, 24)
            )


def test_the_database_refuses_a_shift_that_ends_before_it_starts(people):
    with pytest.raises(IntegrityError):
        OnCallShift.objects.create(
            supporter=people.supporter, starts_at=timezone.now(), ends_at=timezone.now() - HOUR
        )


def test_on_call_supporters_are_the_active_ones_whose_shift_covers_the_moment(people):
    now = timezone.now()
    OnCallShiftFactory(supporter=people.supporter, starts_at=now - HOUR, ends_at=now + HOUR)
    OnCallShiftFactory(supporter=people.ed_supporter, starts_at=now + HOUR, ends_at=now + 3 * HOUR)
    paused = SupporterProfileFactory(status=SupporterStatus.PAUSED).user
    OnCallShiftFactory(supporter=paused, starts_at=now - HOUR, ends_at=now + HOUR)

    assert list(selectors.on_call_supporters()) == [people.supporter]
    assert list(selectors.on_call_supporters(at=now + 2 * HOUR)) == [people.ed_supporter]
    # A shift's end is exclusive: at that moment the next person is on call.
    assert list(selectors.on_call_supporters(at=now + HOUR)) == [people.ed_supporter]


def test_a_supporter_signs_up_and_cancels_a_shift_from_their_page(client, people):
    client.force_login(people.supporter)
    starts = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(
        reverse("roster:sign_up_shift"),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + 8 * HOUR).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    shift = OnCallShift.objects.get(supporter=people.supporter)
    assert "Cancel the shift" in client.get(reverse("roster:me")).content.decode()
    url = reverse("roster:cancel_shift", args=[shift.pk])
    confirmation = client.post(url).content.decode()  # first, what will happen
    assert "Yes, cancel the shift" in confirmation and "off the on-call rota" in confirmation
    assert OnCallShift.objects.exists()
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not OnCallShift.objects.exists()


def test_nobody_cancels_another_supporters_shift(client, people):
    shift = OnCallShiftFactory(supporter=people.supporter)
    client.force_login(people.ed_supporter)
    assert client.post(reverse("roster:cancel_shift", args=[shift.pk])).status_code == 404
    assert OnCallShift.objects.filter(pk=shift.pk).exists()


@pytest.mark.parametrize(
    ("starts", "hours", "message"),
    [
        (-3, 1, "already over"),
        (1, 30, "at most 24 hours"),
        (24 * 100, 4, "days ahead"),
        (2, 4, "already have a shift"),
    ],
)
def test_shift_sign_up_rules(people, starts, hours, message):
    OnCallShiftFactory(
        supporter=people.supporter,
        starts_at=timezone.now() + 1 * HOUR,
        ends_at=timezone.now() + 5 * HOUR,
    )
    begins = timezone.now() + starts * HOUR
    with pytest.raises(services.RosterError, match=message):
        services.sign_up_for_shift(
            supporter=people.supporter, starts_at=begins, ends_at=begins + hours * HOUR
        )


def test_only_active_supporters_sign_up(people):
    paused = SupporterProfileFactory(status=SupporterStatus.PAUSED).user
    begins = timezone.now() + HOUR
    for person in (paused, people.staff):
        with pytest.raises(services.RosterError, match="active supporters"):
            services.sign_up_for_shift(supporter=person, starts_at=begins, ends_at=begins + HOUR)


@time_machine.travel(NOON, tick=False)
def test_a_day_with_an_uncovered_hour_is_a_gap(people):
    cover_whole_days(people.supporter, 0, 13, skip=frozenset({2}))
    OnCallShift.objects.create(supporter=people.ed_supporter, starts_at=at(2, 0), ends_at=at(2, 23))
    assert selectors.rota_gap_days() == [NOON.date() + datetime.timedelta(days=2)]


@time_machine.travel(NOON, tick=False)
def test_shifts_that_meet_end_to_start_leave_no_gap(people):
    for offset in range(14):
        OnCallShift.objects.create(
            supporter=people.supporter, starts_at=at(offset, 0), ends_at=at(offset, 8)
        )
        OnCallShift.objects.create(
            supporter=people.ed_supporter, starts_at=at(offset, 8), ends_at=at(offset, 24)
        )
    assert selectors.rota_gap_days() == []


@given(
    shifts=st.lists(
        st.tuples(
            st.integers(min_value=-24, max_value=8 * 24), st.integers(min_value=1, max_value=24)
        ),
        max_size=25,
    )
)
@settings(max_examples=200, deadline=None)
def test_a_day_is_a_gap_exactly_when_some_hour_of_it_is_uncovered(shifts):
    intervals = [(at(0, start), at(0, start + length)) for start, length in shifts]
    covered_hours = {start + h for start, length in shifts for h in range(length)}
    expected = [
        NOON.date() + datetime.timedelta(days=day)
        for day in range(7)
        if not all(day * 24 + hour in covered_hours for hour in range(24))
    ]
    assert selectors.uncovered_days(intervals, NOON.date(), 7) == expected


@time_machine.travel(NOON, tick=False)
def test_the_daily_job_flags_each_gap_day_to_the_program_manager_once(people):
    cover_whole_days(people.supporter, 0, 13, skip=frozenset({4}))
    gap = (NOON.date() + datetime.timedelta(days=4)).isoformat()

    assert tasks.flag_rota_gaps() == 1
    assert tasks.flag_rota_gaps() == 1  # the second run finds the gap but sends nothing new
    notices = Notification.objects.filter(kind="roster.rota_gap")
    assert [(n.recipient, n.occurrence) for n in notices] == [(people.manager, gap)]


@time_machine.travel(NOON, tick=False)
def test_two_covered_weeks_send_nothing(people):
    cover_whole_days(people.supporter, 0, 13)
    assert tasks.flag_rota_gaps() == 0
    assert not Notification.objects.filter(kind="roster.rota_gap").exists()


def test_the_gap_job_is_on_the_beat_schedule():
    assert any(job["task"] == "roster.tasks.flag_rota_gaps" for job in BEAT_SCHEDULE.values())


@time_machine.travel(NOON, tick=False)
def test_the_rota_page_shows_who_is_on_call_now_and_the_gap_days(
    client, people, django_assert_max_num_queries
):
    cover_whole_days(people.supporter, 0, 13, skip=frozenset({3}))
    client.force_login(people.central)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("roster:on_call"))
    page = response.content.decode()
    assert people.supporter.display_name in page
    gaps = [day for day, _shifts, is_gap in response.context["week"] if is_gap]
    assert gaps == [NOON.date() + datetime.timedelta(days=3)]
    assert list(response.context["now_on_call"]) == [people.supporter]
