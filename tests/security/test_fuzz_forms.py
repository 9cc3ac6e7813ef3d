"""Every form, driven with generated input by the role allowed to use it (bad input).

For each FormCase hypothesis posts generated field values through the test client, signed in as
the case's role. Whatever the input:
- the answer is never a 500 (the test client re-raises the view's exception);
- the answer is a re-rendered form (200/400), or a redirect;
- when the input is refused (a re-rendered form, or a redirect carrying an error message), the
  rows of the case's models are exactly as before (compared value by value, not just counted).

Each example runs in a savepoint that is rolled back, so examples do not pile up rows; the
`people` fixture is made once per case. To add a form, add a FormCase to CASES: `fields` maps a
field name to a strategy, or to a function of `people` returning one (for ids and emails of the
people and objects of the test).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FieldStrategy = st.SearchStrategy | Callable[[object], st.SearchStrategy]


@dataclass(frozen=True, repr=False)
class FormCase:
    name: str
    role: str  # a role of tests/conftest.py People.by_role()
    url_name: str
    args: Callable[[object], list] | None  # people -> URL args
    fields: dict[str, FieldStrategy]
    models: tuple[str, ...]  # "app_label.Model": rows that refused input must leave untouched
    files: dict[str, FieldStrategy] = field(default_factory=dict)  # name -> bytes strategy
    setup: Callable[[object], None] | None = None  # people -> None, extra objects
    then_post: str | None = None  # a URL name posted right after (e.g. confirm an import)
    # people -> a valid submission. With it, each example fuzzes a drawn subset of the fields and
    # keeps the valid value of the others, so the form's deeper checks are reached too.
    valid: Callable[[object], dict] | None = None
    # Answers besides 200/302/400 that are right for this form (404: the input names no object).
    also_answers: frozenset[int] = frozenset()
    # response -> True when a 200 is the form's success page (the intake answers its
    # confirmation with a 200), so that answer is not taken for a refusal.
    succeeded: Callable[[object], bool] | None = None

    def __repr__(self) -> str:
        return f"FormCase({self.name!r})"


# ---- strategies shared by the cases ----------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        '=HYPERLINK("http://evil.test","x")',
        "+1+1",
        "-2",
        "@SUM(A1)",
        "<script>alert(1)</script>",
        "'; DROP TABLE roster_unit; --",
        "\x00",
        "a\x00b",
        "\u202e\u200b",
        "x" * 5000,  # over every max_length
        "ünïcødé 名前 🙂",
        "{{ request.user }}",
        "%(name)s %s {0}",
        "\r\n\r\n",
    ]
)
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=300))
SHORT_TEXT = st.one_of(NASTY_TEXT, st.text(max_size=40))
INTS = st.one_of(
    st.integers(-5, 600).map(str),
    st.integers(-(2**63), 2**63).map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "99999999999999999999999", "1.5", ""]),
)
SOON = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2028, 12, 31))
DATES = st.one_of(
    SOON.map(datetime.date.isoformat),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "tomorrow", ""]),
    SHORT_TEXT,
)
TIMES = st.one_of(
    st.times().map(lambda t: t.isoformat()),
    st.sampled_from(["24:00", "23:59:59.999999", "12:60", "noon", ""]),
    SHORT_TEXT,
)
DATETIMES = st.one_of(
    st.datetimes(
        min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)
    ).map(lambda d: d.isoformat(sep="T", timespec="minutes")),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.sampled_from(["0001-01-01T00:00", "9999-12-31T23:59", "2026-03-08T02:30", ""]),
    SHORT_TEXT,
)
TIME_ZONES = st.one_of(
    st.sampled_from(
        ["America/New_York", "Pacific/Honolulu", "Europe/London", "UTC", "Mars/Olympus", ""]
    ),
    SHORT_TEXT,
)
RRULE_PARTS = st.lists(
    st.one_of(
        st.sampled_from(
            ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "X"]
        ).map(lambda f: f"FREQ={f}"),
        INTS.map(lambda n: f"INTERVAL={n}"),
        INTS.map(lambda n: f"COUNT={n}"),
        st.sampled_from(["MO", "2TU", "-1FR", "53SU", "XX", ""]).map(lambda d: f"BYDAY={d}"),
        INTS.map(lambda n: f"BYMONTHDAY={n}"),
        INTS.map(lambda n: f"BYSETPOS={n}"),
        st.sampled_from(["20270101T000000Z", "00010101", "99991231T235959Z", "soon"]).map(
            lambda u: f"UNTIL={u}"
        ),
        st.sampled_from(["DTSTART:20260101T000000", "RRULE:", "\n", ";", "=", "WKST=SU"]),
        SHORT_TEXT,
    ),
    max_size=6,
).map(";".join)
RRULES = st.one_of(
    RRULE_PARTS,
    st.sampled_from(
        [
            "FREQ=MONTHLY;BYDAY=2TU",
            "FREQ=SECONDLY",
            "FREQ=MINUTELY;INTERVAL=1",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;COUNT=0",
            "FREQ=WEEKLY;UNTIL=00010101T000000Z",
        ]
    ),
)


def emails_of(people) -> st.SearchStrategy:
    """Emails of real accounts, of none, and not emails at all."""
    known = [user.email for user in people.by_role().values()]
    return st.one_of(
        st.sampled_from(known),
        st.sampled_from(known).map(str.upper),
        st.emails().map(str),
        SHORT_TEXT,
    )


def pk_of(*objects: Callable[[object], object]) -> Callable[[object], st.SearchStrategy]:
    def strategy(people):
        return st.one_of(st.sampled_from([str(get(people).pk) for get in objects]), INTS)

    return strategy


def choice(*values: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(values), SHORT_TEXT)


# ---- roster CSV files ------------------------------------------------------------------------

CSV_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "role_type",
    "unit",
    "languages",
    "status",
    "available",
    "trained_on",
    "refresher_due_on",
    "agreement_signed_on",
]
CSV_CELL = st.one_of(
    st.sampled_from(
        [
            "nurse",
            "Physician",
            "icu",
            "ed",
            "active",
            "retired",
            "nominated",
            "2026-01-01",
            "new.person@hospital.test",
            "supporter@hospital.test",
            "=cmd|' /C calc'!A0",
            "+SUM(1)",
            "@import",
            "-1",
            "English, Español",
            "",
        ]
    ),
    st.text(max_size=30),
)


VALID_ROW = [
    "row@hospital.test", "New", "Person", "nurse", "icu", "English", "active", "yes",
    "2026-01-01", "2027-01-01", "2026-01-01",
]  # fmt: skip


LONG_CELL = st.one_of(
    st.integers(150, 400).map(lambda n: "x" * n),
    st.integers(250, 400).map(lambda n: "a" * (n - 14) + "@hospital.test"),
)


@st.composite
def near_valid_rows(draw) -> list[str]:
    """A valid row with a drawn subset of its cells replaced: the import gets to the database."""
    row = list(VALID_ROW)
    row[0] = draw(st.sampled_from(["a", "b", "c"])) + row[0]
    for index in draw(st.sets(st.sampled_from(range(len(row))), max_size=3)):
        row[index] = draw(st.one_of(CSV_CELL, LONG_CELL))
    return row


@st.composite
def near_valid_files(draw) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(draw(st.lists(near_valid_rows(), min_size=1, max_size=3)))
    return out.getvalue().encode()


@st.composite
def csv_files(draw) -> bytes:
    """Roster files: right, wrong and missing columns, short and long rows, BOM, big fields."""
    columns = draw(
        st.one_of(
            st.just(CSV_COLUMNS),
            st.lists(st.sampled_from([*CSV_COLUMNS, "EMAIL ", "x", ""]), max_size=14),
        )
    )
    rows = draw(
        st.lists(
            st.one_of(
                st.lists(CSV_CELL, min_size=0, max_size=len(columns) + 3),
                near_valid_rows(),
            ),
            max_size=6,
        )
    )
    if draw(st.booleans()):
        rows.append(["y" * draw(st.sampled_from([10, 140_000]))] * 2)  # a field over csv's limit
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    writer.writerow(columns)
    writer.writerows(rows)
    text = out.getvalue()
    encoded = text.encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])), "replace"
    )
    return encoded


UPLOADS = st.one_of(near_valid_files(), csv_files(), st.binary(max_size=2000))


# ---- the cases -------------------------------------------------------------------------------


def _meeting(people):
    from tests.committees.factories import MeetingFactory
    from tests.factories import CommitteeFactory

    return MeetingFactory(committee=CommitteeFactory(slug="education"))


def _activity(people):
    from tests.committees.factories import PlanActivityFactory

    return PlanActivityFactory()


def _area(people):
    from tests.committees.factories import ProgramAreaFactory

    return ProgramAreaFactory(name="Peer support")


VALID_CSV = (
    b"email,first_name,last_name,role_type,unit,languages,status,available,trained_on,"
    b"refresher_due_on,agreement_signed_on\r\n"
    b"new.person@hospital.test,New,Person,nurse,icu,English,active,yes,2026-01-01,2027-01-01,"
    b"2026-01-01\r\n"
)
VALID_MEETING = {
    "title": "Education meeting",
    "first_date": "2027-03-09",
    "start_time": "12:00",
    "duration_minutes": "60",
    "time_zone": "America/New_York",
    "repeats": "weekly",
    "repeat_until": "",
    "custom_rule": "",
    "location": "Room 1",
    "video_url": "",
    "agenda": "1. Welcome",
}


def _tomorrow_shift() -> dict:
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=1)
    return {"starts_at": f"{day}T09:00", "ends_at": f"{day}T17:00"}


MEETING_FIELDS = {
    "title": TEXT,
    "first_date": DATES,
    "start_time": TIMES,
    "duration_minutes": INTS,
    "time_zone": TIME_ZONES,
    "repeats": choice(
        "once",
        "weekly",
        "fortnightly",
        "monthly_weekday",
        "monthly_date",
        "quarterly_weekday",
        "custom",
    ),
    "repeat_until": DATES,
    "custom_rule": RRULES,
    "location": TEXT,
    "video_url": st.one_of(
        st.sampled_from(["https://meet.test/x", "javascript:alert(1)", "meet.test/" + "a" * 300]),
        SHORT_TEXT,
    ),
    "agenda": TEXT,
}


def _invitation(people):
    from roster.models import JobRoleType, Nomination

    return Nomination.objects.get_or_create(
        nominee=people.staff,
        defaults={
            "nominated_by": people.icu_lead,
            "unit": people.icu,
            "role_type": JobRoleType.NURSE,
        },
    )[0]


def _published_policy(people):
    from tests.committees.factories import PolicyVersionFactory

    PolicyVersionFactory(number=1)


def _past_weekly_meeting(people):
    from committees.models import Meeting
    from tests.committees.factories import MeetingFactory
    from tests.factories import CommitteeFactory

    existing = Meeting.objects.filter(title="Weekly huddle").first()
    return existing or MeetingFactory(
        committee=CommitteeFactory(slug="education"),
        title="Weekly huddle",
        starts_at=datetime.datetime(2026, 1, 5, 17, tzinfo=datetime.UTC),
        recurrence="FREQ=WEEKLY",
    )


def _past_date(people) -> str:
    from django.utils import timezone

    from committees import occurrences

    meeting = _past_weekly_meeting(people)
    return occurrences.past_occurrences(meeting, timezone.now())[0].date().isoformat()


# ---- support requests and training ----------------------------------------------------------


def _request_in(state: str, *, routed: bool = True):
    """people -> a request of people.staff from the ICU in `state` (routed to the ICU)."""

    def get(people):
        from support_requests.models import SupportRequest
        from tests.support_requests.conftest import walk

        found = SupportRequest.objects.filter(state=state, routed_unit__isnull=not routed).first()
        return found or walk(people, state, routed=routed)

    return get


def _request_routed_to_ed(people):
    from support_requests import services
    from support_requests.models import SupportRequest

    found = SupportRequest.objects.filter(routed_unit=people.ed).first()
    if found:
        return found
    triaged = _request_in("triaged", routed=False)(people)
    return services.route_to_unit(actor=people.central, support_request=triaged, unit=people.ed)


def _intake_succeeded(response) -> bool:
    names = {template.name for template in response.templates}
    return response.status_code == 200 and bool(
        names & {"support_requests/submitted.html", "support_requests/redirected.html"}
    )


def _valid_intake(people) -> dict:
    from tests.support_requests.conftest import intake_post

    return intake_post(people.icu)


def _outreach(people):
    from django.utils import timezone

    from support_requests import services
    from support_requests.models import Outreach

    return Outreach.objects.first() or services.open_outreach(
        actor=people.icu_lead, category="adverse_event", unit=people.icu,
        event_on=timezone.localdate(),
    )  # fmt: skip


def _outreach_with_supporter(people):
    from support_requests import services

    outreach = _outreach(people)
    if not outreach.assignments.filter(supporter=people.supporter).exists():
        services.assign_to_outreach(
            actor=people.icu_lead, outreach=outreach, supporter=people.supporter
        )
    return outreach


def _course(people):
    from tests.training.factories import CourseFactory
    from training.models import Course

    return Course.objects.filter(slug="fuzzed").first() or CourseFactory(slug="fuzzed")


def _upcoming_session(people):
    from tests.training.factories import TrainingSessionFactory
    from training.models import TrainingSession

    return TrainingSession.objects.filter(place="Upcoming").first() or TrainingSessionFactory(
        course=_course(people), place="Upcoming", capacity=2, facilitators=[people.education]
    )


def _held_session(people):
    from django.utils import timezone

    from tests.training.factories import EnrolmentFactory, TrainingSessionFactory
    from training.models import TrainingSession

    found = TrainingSession.objects.filter(place="Held").first()
    if found:
        return found
    session = TrainingSessionFactory(
        course=_course(people),
        place="Held",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        facilitators=[people.education],
    )
    EnrolmentFactory(session=session, user=people.supporter)
    EnrolmentFactory(session=session, user=people.staff)
    return session


def _attended_enrolment(people):
    from training.models import Enrolment

    session = _held_session(people)
    enrolment = Enrolment.objects.get(session=session, user=people.supporter)
    if not enrolment.attended:
        Enrolment.objects.filter(pk=enrolment.pk).update(attended=True)
        enrolment.refresh_from_db()
    return enrolment


def _valid_session(people) -> dict:
    return {
        "course": str(_course(people).pk),
        "starts_at": "2027-03-09T10:00",
        "place": "Education Centre",
        "video_link": "",
        "capacity": "12",
        "facilitators": [str(people.education.pk)],
    }


PEOPLE_IDS = pk_of(
    lambda p: p.supporter, lambda p: p.ed_supporter, lambda p: p.staff, lambda p: p.icu_lead
)
SUPPORTER_IDS = st.one_of(st.just("1"), INTS)
DURATION_BANDS = choice("under_15", "15_to_45", "over_45")
REFERRALS = choice("none", "eap", "chaplaincy", "psychology", "other")
SESSION_FIELDS = {
    "course": lambda people: st.one_of(st.just(str(_course(people).pk)), INTS),
    "starts_at": DATETIMES,
    "place": TEXT,
    "video_link": st.one_of(
        st.sampled_from(["https://meet.test/x", "javascript:alert(1)", "meet.test/" + "a" * 300]),
        SHORT_TEXT,
    ),
    "capacity": INTS,
    "facilitators": lambda people: st.lists(PEOPLE_IDS(people), max_size=3),
}
REQUEST_MODELS = (
    "support_requests.SupportRequest",
    "support_requests.RequestPermissionGrant",
    "support_requests.Intervention",
    "peersupport.Notification",
    "peersupport.AuditEvent",
)

REQUEST_CASES = [
    FormCase(
        name="requests intake",
        role="staff",
        url_name="support_requests:new",
        args=None,
        valid=_valid_intake,
        succeeded=_intake_succeeded,
        fields={
            "need": choice("me", "colleague", "crisis", "hr", "eap"),
            "colleague_name": TEXT,
            "category": choice("adverse_event", "workload", "other"),
            "unit": pk_of(lambda p: p.icu, lambda p: p.ed),
            "urgency": choice("today", "this_week"),
            "contact_method": choice("phone", "text", "email", "in_person", "video"),
            "contact_detail": TEXT,
            "contact_time": TEXT,
            "preferred_role": choice("any", "nurse", "physician", "same_role"),
            "requester_role_type": choice("nurse", "physician", "other"),
            "outside_own_unit": choice("on", "true", "false"),
            "language": choice("en", "es", "zh"),
            "details": TEXT,
        },
        models=(*REQUEST_MODELS, "support_requests.Redirection"),
    ),
    FormCase(
        name="requests route to a unit",
        role="central",
        url_name="support_requests:route",
        args=lambda people: [_request_in("triaged", routed=False)(people).pk],
        valid=lambda people: {"unit": str(people.icu.pk)},
        fields={"unit": pk_of(lambda p: p.icu, lambda p: p.ed)},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests central lead assigns",
        role="central",
        url_name="support_requests:assign",
        args=lambda people: [_request_in("triaged", routed=False)(people).pk],
        valid=lambda people: {"supporter": str(people.supporter.pk)},
        fields={"supporter": PEOPLE_IDS},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests unit lead assigns",
        role="icu_lead",
        url_name="support_requests:assign",
        args=lambda people: [_request_in("routed")(people).pk],
        valid=lambda people: {"supporter": str(people.supporter.pk)},
        fields={"supporter": PEOPLE_IDS},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests unit lead assigns on another unit's request",
        role="icu_lead",
        url_name="support_requests:assign",
        args=lambda people: [_request_routed_to_ed(people).pk],
        valid=lambda people: {"supporter": str(people.supporter.pk)},
        fields={"supporter": PEOPLE_IDS},
        models=REQUEST_MODELS,
        also_answers=frozenset({404}),
    ),
    FormCase(
        name="requests central lead redirects",
        role="central",
        url_name="support_requests:redirect",
        args=lambda people: [_request_in("submitted")(people).pk],
        valid=lambda people: {"reason": "hr", "confirm": "yes"},
        fields={"reason": choice("hr", "eap", "crisis")},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests supporter declines",
        role="supporter",
        url_name="support_requests:decline",
        args=lambda people: [_request_in("assigned")(people).pk],
        valid=lambda people: {"reason": "unavailable"},
        fields={"reason": choice("conflict", "unavailable", "no_answer")},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests supporter accepts an accepted request",
        role="supporter",
        url_name="support_requests:accept",
        args=lambda people: [_request_in("accepted")(people).pk],
        valid=lambda people: {},
        fields={"state": choice("assigned", "closed")},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests first contact",
        role="supporter",
        url_name="support_requests:log_contact",
        args=lambda people: [_request_in("accepted")(people).pk],
        valid=lambda people: {"on": "", "at": "10:00"},
        fields={"on": DATES, "at": TIMES},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests close",
        role="supporter",
        url_name="support_requests:close",
        args=lambda people: [_request_in("contacted")(people).pk],
        valid=lambda people: {"contacts": "1", "duration_band": "under_15", "referral": "none"},
        fields={
            "contacts": INTS,
            "duration_band": DURATION_BANDS,
            "referral": REFERRALS,
            "follow_up_planned": choice("on", ""),
            "supporter_wants_support": choice("on", ""),
        },
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests withdraw a closed request",
        role="staff",
        url_name="support_requests:withdraw",
        args=lambda people: [_request_in("closed")(people).pk],
        valid=lambda people: {},
        fields={"confirm": choice("yes", "on")},
        models=REQUEST_MODELS,
    ),
    FormCase(
        name="requests survey",
        role="staff",
        url_name="support_requests:survey",
        args=lambda people: [_request_in("closed")(people).pk],
        valid=lambda people: {"rating": "4", "would_recommend": "yes"},
        fields={"rating": st.one_of(INTS, choice("1", "5")), "would_recommend": choice("yes")},
        models=("support_requests.SupportRequest", "support_requests.SurveyResponse"),
    ),
    FormCase(
        name="requests open an outreach",
        role="icu_lead",
        url_name="support_requests:outreach_new",
        args=None,
        valid=lambda people: {
            "category": "adverse_event",
            "unit": str(people.icu.pk),
            "event_on": "2026-01-05",
        },
        fields={
            "category": choice("adverse_event", "workload"),
            "unit": pk_of(lambda p: p.icu, lambda p: p.ed),
            "event_on": DATES,
        },
        models=("support_requests.Outreach", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="requests outreach assign",
        role="icu_lead",
        url_name="support_requests:outreach_assign",
        args=lambda people: [_outreach(people).pk],
        valid=lambda people: {"supporter": str(people.supporter.pk)},
        fields={"supporter": PEOPLE_IDS},
        models=("support_requests.OutreachAssignment", "peersupport.Notification"),
    ),
    FormCase(
        name="requests outreach contacts",
        role="supporter",
        url_name="support_requests:outreach_contacts",
        args=lambda people: [_outreach_with_supporter(people).pk],
        valid=lambda people: {"people": "3", "duration_band": "under_15", "referral": "none"},
        fields={"people": INTS, "duration_band": DURATION_BANDS, "referral": REFERRALS},
        models=("support_requests.Intervention", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="training schedule a session",
        role="manager",
        url_name="training:session_new",
        args=None,
        valid=_valid_session,
        fields=SESSION_FIELDS,
        models=("training.TrainingSession", "peersupport.Notification", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="training change a session",
        role="manager",
        url_name="training:session_edit",
        args=lambda people: [_upcoming_session(people).pk],
        valid=lambda people: {k: v for k, v in _valid_session(people).items() if k != "course"},
        fields={k: v for k, v in SESSION_FIELDS.items() if k != "course"},
        models=("training.TrainingSession", "peersupport.Notification", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="training enrol a person",
        role="icu_lead",
        url_name="training:enrol_person",
        args=lambda people: [_upcoming_session(people).pk],
        valid=lambda people: {"person": str(people.supporter.pk)},
        fields={"person": PEOPLE_IDS},
        models=("training.Enrolment", "peersupport.Notification"),
    ),
    FormCase(
        name="training attendance",
        role="education",
        url_name="training:attendance",
        args=lambda people: [_held_session(people).pk],
        valid=lambda people: {"attended": [str(people.supporter.pk)]},
        fields={"attended": lambda people: st.lists(PEOPLE_IDS(people), max_size=4)},
        models=("training.Enrolment", "roster.SupporterProfile"),
    ),
    FormCase(
        name="training feedback",
        role="supporter",
        url_name="training:feedback",
        args=lambda people: [_attended_enrolment(people).pk],
        valid=lambda people: {
            "content_rating": "4",
            "facilitation_rating": "5",
            "usefulness_rating": "3",
            "comment": "",
        },
        fields={
            "content_rating": st.one_of(INTS, choice("1", "5")),
            "facilitation_rating": st.one_of(INTS, choice("1", "5")),
            "usefulness_rating": st.one_of(INTS, choice("1", "5")),
            "comment": TEXT,
        },
        models=("training.FeedbackResponse", "training.Enrolment"),
    ),
]

CASES = [
    FormCase(
        name="roster nomination",
        valid=lambda people: {
            "email": people.staff.email,
            "unit": str(people.icu.pk),
            "role_type": "nurse",
        },
        role="icu_lead",
        url_name="roster:nominate",
        args=None,
        fields={
            "email": emails_of,
            "unit": pk_of(lambda p: p.icu, lambda p: p.ed),
            "role_type": choice("nurse", "physician", "other"),
        },
        models=("roster.Nomination", "peersupport.Notification", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="roster CSV import, then confirm",
        valid=lambda people: {"file": VALID_CSV},
        role="manager",
        url_name="roster:import",
        args=None,
        fields={},
        files={"file": UPLOADS},
        models=(
            "peersupport.User",
            "roster.SupporterProfile",
            "roster.StatusChange",
            "peersupport.AuditEvent",
        ),
        then_post="roster:confirm_import",
    ),
    FormCase(
        name="roster shift sign-up",
        valid=lambda people: _tomorrow_shift(),
        role="supporter",
        url_name="roster:sign_up_shift",
        args=None,
        fields={"starts_at": DATETIMES, "ends_at": DATETIMES},
        models=("roster.OnCallShift",),
    ),
    FormCase(
        name="roster supporter status change",
        valid=lambda people: {"status": "paused"},
        role="icu_lead",
        url_name="roster:change_status",
        args=lambda people: [people.icu_supporter_profile.pk],
        fields={"status": choice("active", "paused", "on_leave", "retired", "nominated")},
        models=("roster.SupporterProfile", "roster.StatusChange", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="roster supporter profile edit",
        valid=lambda people: {
            "role_type": "nurse",
            "home_unit": str(people.icu.pk),
            "languages": "en",
        },
        role="icu_lead",
        url_name="roster:edit_supporter",
        args=lambda people: [people.icu_supporter_profile.pk],
        fields={
            "role_type": choice("nurse", "physician"),
            "home_unit": pk_of(lambda p: p.icu, lambda p: p.ed),
            "languages": choice("en", "es", "fr"),
        },
        models=("roster.SupporterProfile", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="roster invitation answer",
        role="staff",
        url_name="roster:invitation",
        args=lambda people: [_invitation(people).pk],
        valid=lambda people: {"agreement": "on"},
        fields={"agreement": choice("on", "true", "false", "0", "")},
        models=("roster.Nomination", "roster.SupporterProfile", "roster.StatusChange"),
    ),
    FormCase(
        name="roster availability switch",
        role="supporter",
        url_name="roster:set_availability",
        args=None,
        valid=lambda people: {"available": "no"},
        fields={"available": choice("yes", "no", "YES", "1")},
        models=("roster.StatusChange", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="roster leaving the program",
        role="supporter",
        url_name="roster:leave",
        args=None,
        # Leaving is final: the confirmation page is answered with confirmed=yes.
        valid=lambda people: {"confirmed": "yes"},
        fields={"confirmed": choice("yes", "no", "YES", "on", "")},
        models=("roster.SupporterProfile", "roster.StatusChange", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="committees policy acknowledgement",
        role="supporter",
        url_name="committees:acknowledge",
        args=lambda people: ["confidentiality-agreement"],
        setup=_published_policy,
        valid=lambda people: {"version": "1"},
        also_answers=frozenset({404}),
        fields={"version": st.one_of(INTS, st.sampled_from(["²", "١", "½", "01", " 1", "1 "]))},
        models=("committees.PolicyAcknowledgement",),
    ),
    FormCase(
        name="committees attendance",
        role="manager",
        url_name="committees:attendance",
        args=lambda people: [_past_weekly_meeting(people).pk],
        valid=lambda people: {
            "occurrence_on": _past_date(people),
            "attendees": [str(people.education.pk)],
        },
        fields={
            "occurrence_on": DATES,
            "attendees": lambda people: st.lists(
                st.one_of(st.sampled_from([str(u.pk) for u in people.by_role().values()]), INTS),
                max_size=4,
            ),
        },
        models=("committees.Attendance",),
    ),
    FormCase(
        name="committees new committee",
        valid=lambda people: {"name": "Wellbeing Committee", "purpose": "Care"},
        role="manager",
        url_name="committees:add_committee",
        args=None,
        fields={
            "name": st.one_of(TEXT, st.sampled_from(["Education Committee", "new", "Plan"])),
            "purpose": TEXT,
        },
        models=("committees.Committee",),
    ),
    FormCase(
        name="committees add member",
        valid=lambda people: {"person": people.staff.email, "role": "member"},
        role="manager",
        url_name="committees:add_member",
        args=lambda people: ["education"],
        fields={"person": emails_of, "role": choice("member", "chair", "co_chair")},
        models=("committees.CommitteeMembership", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="committees new meeting",
        valid=lambda people: dict(VALID_MEETING),
        role="manager",
        url_name="committees:new_meeting",
        args=lambda people: ["education"],
        fields=MEETING_FIELDS,
        models=("committees.Meeting", "peersupport.Notification", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="committees change meeting",
        valid=lambda people: {k: v for k, v in VALID_MEETING.items() if k != "agenda"},
        role="manager",
        url_name="committees:edit_meeting",
        args=lambda people: [_meeting(people).pk],
        fields={k: v for k, v in MEETING_FIELDS.items() if k != "agenda"},
        models=("committees.Meeting", "peersupport.Notification", "peersupport.AuditEvent"),
    ),
    FormCase(
        name="committees minutes",
        valid=lambda people: {"agenda": "1. Welcome", "minutes": "Met."},
        role="manager",
        url_name="committees:edit_minutes",
        args=lambda people: [_meeting(people).pk],
        fields={"agenda": TEXT, "minutes": TEXT},
        models=("committees.Meeting",),
    ),
    FormCase(
        name="committees plan activity",
        valid=lambda people: {"area": str(_area(people).pk), "activity": "Train leads"},
        role="chair",
        url_name="committees:add_activity",
        args=None,
        setup=_area,
        fields={
            "area": lambda people: st.one_of(st.just(str(_area(people).pk)), INTS),
            "activity": TEXT,
            "responsible": emails_of,
            "timeframe": SHORT_TEXT,
            "desired_outcome": TEXT,
            "due_on": DATES,
        },
        models=("committees.PlanActivity",),
    ),
    FormCase(
        name="committees plan progress",
        valid=lambda people: {"status": "in_progress", "due_on": "", "responsible": ""},
        role="manager",
        url_name="committees:edit_activity",
        args=lambda people: [_activity(people).pk],
        fields={
            "status": choice("planned", "in_progress", "done", "dropped"),
            "due_on": DATES,
            "responsible": emails_of,
        },
        models=("committees.PlanActivity",),
    ),
    FormCase(
        name="committees policy publish",
        valid=lambda people: {"body": "Keep it confidential."},
        role="manager",
        url_name="committees:publish_policy",
        args=lambda people: ["confidentiality-agreement"],
        fields={"body": TEXT},
        models=("committees.PolicyVersion", "peersupport.Notification"),
    ),
    FormCase(
        name="committees leadership assign",
        valid=lambda people: {"role": "sponsor", "person": people.staff.email},
        role="chair",
        url_name="committees:assign_role",
        args=None,
        fields={
            "role": choice("central_lead", "program_manager", "chair", "sponsor", "superuser"),
            "person": emails_of,
        },
        models=("committees.RoleAssignment", "auth.Group", "peersupport.AuditEvent"),
    ),
]


# ---- the test --------------------------------------------------------------------------------


def snapshot(labels: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Every row of the models, value by value (the tables are small in a test)."""
    rows = {}
    for label in labels:
        model = apps.get_model(label)
        rows[label] = list(model.objects.order_by("pk").values_list())
        if label == "peersupport.AuditEvent":
            # A refused form on a request's page shows the details again (a read), and a refusal
            # is itself written down: those record the attempt, not a change.
            rows[label] = list(
                model.objects.exclude(action__in=["read_details", "denied"])
                .order_by("pk")
                .values_list()
            )
        if label == "peersupport.User":
            rows["user groups"] = list(model.groups.through.objects.order_by("pk").values_list())
    if "auth.Group" in labels:
        from core.models import User

        rows["user groups"] = list(User.groups.through.objects.order_by("pk").values_list())
    return rows


def refused(response, case=None) -> bool:
    """A re-rendered form, or a redirect that carries an error message."""
    if case is not None and case.succeeded and case.succeeded(response):
        return False
    if response.status_code in (200, 400, 404):
        return True
    return any(m.level >= message_levels.ERROR for m in get_messages(response.wsgi_request))


def resolve(strategy: FieldStrategy, people) -> st.SearchStrategy:
    return strategy if isinstance(strategy, st.SearchStrategy) else strategy(people)


CASES += REQUEST_CASES
CASE_BY_NAME = {case.name: case for case in CASES}


@pytest.mark.parametrize("name", CASE_BY_NAME)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_input_never_breaks_a_form_and_refused_input_changes_nothing(people, name, data):
    case = CASE_BY_NAME[name]  # by name: hypothesis prints the arguments of a failing example
    client = Client()  # fresh cookies: no message left over from the previous example
    with transaction.atomic():
        cache.clear()
        if case.setup:
            case.setup(people)
        user = people.by_role()[case.role]
        client.force_login(user)
        url = reverse(case.url_name, args=case.args(people) if case.args else None)
        strategies = {**case.fields, **case.files}
        payload = case.valid(people) if case.valid else {}
        fuzzed = (
            data.draw(st.sets(st.sampled_from(sorted(strategies))), label="fuzzed fields")
            if case.valid
            else set(strategies)
        )
        for name in sorted(fuzzed):
            payload[name] = data.draw(resolve(strategies[name], people), label=name)
        for name in case.files:
            payload[name] = SimpleUploadedFile("roster.csv", payload[name], content_type="text/csv")
        before = snapshot(case.models)
        response = client.post(url, payload)
        assert response.status_code in {200, 302, 400} | case.also_answers, response.status_code
        if refused(response, case):
            assert snapshot(case.models) == before, f"{case.name}: refused input changed rows"
        if case.then_post:
            before = snapshot(case.models)
            follow_up = client.post(reverse(case.then_post), {})
            assert follow_up.status_code in (200, 302, 400), follow_up.status_code
            if refused(follow_up):
                assert snapshot(case.models) == before, f"{case.then_post}: refused but changed"
        transaction.set_rollback(True)


# ---- what the fuzzing found, pinned ----------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        VALID_CSV + b"other@hospital.test,O,P,nurse,icu,English,active,yes,,,,extra,cells\r\n",
        VALID_CSV + b"x" * 140_000 + b",nurse,icu\r\n",  # a field over csv's 128 KiB limit
    ],
    ids=["more cells than columns", "a field over the csv limit"],
)
def test_a_roster_file_with_odd_rows_is_previewed_not_a_crash(client, people, content):
    client.force_login(people.manager)
    upload = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
    response = client.post(reverse("roster:import"), {"file": upload})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"first_date": "9999-12-31", "start_time": "23:00"},
        {"repeat_until": "9999-12-31"},
        {"first_date": "0001-01-01"},
        {"repeats": "fortnightly-ish"},
    ],
)
def test_a_meeting_far_in_time_or_with_an_unknown_repeat_is_refused_with_a_message(
    client, people, change
):
    from committees.models import Meeting

    client.force_login(people.manager)
    response = client.post(
        reverse("committees:new_meeting", args=["education"]), {**VALID_MEETING, **change}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=1",
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
        "FREQ=DAILY;BYMINUTE=0,30",
        "INTERVAL=2",
    ],
)
def test_a_rule_that_would_expand_into_millions_of_occurrences_is_refused(client, people, rule):
    # Found by hand after the fuzzing: FREQ=SECONDLY from a past first date made the meeting
    # page walk every second since then (the request never finished).
    from committees.models import Meeting

    client.force_login(people.manager)
    response = client.post(
        reverse("committees:new_meeting", args=["education"]),
        {**VALID_MEETING, "first_date": "2025-01-01", "repeats": "custom", "custom_rule": rule},
    )
    assert response.status_code == 200 and "custom_rule" in response.context["form"].errors
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("url_name", ["committees:new_meeting", "committees:edit_meeting"])
def test_a_video_link_longer_than_the_column_is_refused_by_the_form(client, people, url_name):
    from committees.models import Meeting

    args = ["education"] if url_name == "committees:new_meeting" else [_meeting(people).pk]
    before = list(Meeting.objects.values_list())
    client.force_login(people.manager)
    response = client.post(
        reverse(url_name, args=args),
        {**VALID_MEETING, "video_url": "https://meet.test/" + "a" * 300},
    )
    assert response.status_code == 200 and "video_url" in response.context["form"].errors
    assert list(Meeting.objects.values_list()) == before


@pytest.mark.parametrize("version", ["²", "١", "0", "99"])
def test_acknowledging_a_version_that_is_no_number_or_none_is_a_404(client, people, version):
    # "²".isdigit() is True but int("²") raises: the view answered 500.
    _published_policy(people)
    client.force_login(people.supporter)
    response = client.post(
        reverse("committees:acknowledge", args=["confidentiality-agreement"]), {"version": version}
    )
    assert response.status_code == 404


def test_attendance_with_an_id_beyond_64_bits_is_refused_not_a_crash(client, people):
    from committees.models import Attendance

    client.force_login(people.manager)
    response = client.post(
        reverse("committees:attendance", args=[_past_weekly_meeting(people).pk]),
        {"occurrence_on": _past_date(people), "attendees": [str(2**63), str(people.education.pk)]},
    )
    assert response.status_code == 200 and "attendees" in response.context["form"].errors
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "row",
    [
        b"long.languages@hospital.test,A,B,nurse,icu," + b"x" * 300 + b",active\r\n",
        b"a" * 64
        + b"@"
        + b"b" * 63
        + b"."
        + b"c" * 63
        + b"."
        + b"d" * 63
        + b".test,A,B,nurse,icu,,\r\n",
    ],
    ids=["languages over 200 characters", "email over 254 characters"],
)
def test_a_roster_row_too_long_for_the_database_is_an_error_in_the_preview(client, people, row):
    from roster.models import SupporterProfile

    client.force_login(people.manager)
    content = b"email,first_name,last_name,role_type,unit,languages,status\r\n" + row
    upload = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
    response = client.post(reverse("roster:import"), {"file": upload})
    assert response.status_code == 200 and response.context["preview"].errors
    confirm = client.post(reverse("roster:confirm_import"))
    assert confirm.status_code == 302
    assert not SupporterProfile.objects.filter(user__email__startswith="long").exists()
    assert SupporterProfile.objects.count() == 2  # the two of the `people` fixture


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": "9999-12-31T23:59"},
        {"starts_at": "0001-01-01T00:00"},
        {"video_link": "https://meet.test/" + "a" * 300},
        {"facilitators": [str(2**63)]},
    ],
    ids=["start in year 9999", "start in year 1", "video link over 200", "id beyond 64 bits"],
)
@pytest.mark.parametrize("url_name", ["training:session_new", "training:session_edit"])
def test_a_session_far_in_time_with_a_long_link_or_a_huge_id_is_refused_not_a_crash(
    client, people, url_name, change
):
    # Found by the fuzzing: each of these was a 500 (date overflow adding the course's duration,
    # a DataError on the 200-character column, an OverflowError in the `pk__in` query).
    from training.models import TrainingSession

    args = [_upcoming_session(people).pk] if url_name == "training:session_edit" else None
    payload = {**_valid_session(people), **change}
    before = list(TrainingSession.objects.values_list())
    client.force_login(people.manager)
    response = client.post(reverse(url_name, args=args), payload)
    assert response.status_code == 200 and response.context["form"].errors
    assert list(TrainingSession.objects.values_list()) == before


def test_attendance_with_an_id_beyond_64_bits_is_refused_in_training_too(client, people):
    from training.models import Enrolment

    session = _held_session(people)
    before = list(Enrolment.objects.values_list())
    client.force_login(people.education)
    response = client.post(
        reverse("training:attendance", args=[session.pk]),
        {"attended": [str(2**63), str(people.supporter.pk)]},
    )
    assert response.status_code == 200 and "attended" in response.context["form"].errors
    assert list(Enrolment.objects.values_list()) == before


def _contact_at(moment: datetime.datetime) -> dict:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return {"on": local.date().isoformat(), "at": local.strftime("%H:%M")}


@pytest.mark.parametrize(
    "when",
    [
        lambda request: _contact_at(request.submitted_at + datetime.timedelta(days=2)),
        lambda request: _contact_at(request.submitted_at - datetime.timedelta(days=1)),
        lambda request: {"on": "9999-12-31", "at": "23:59"},
        lambda request: {"on": "0001-01-01", "at": "00:00"},
    ],
    ids=["in the future", "before the request was sent", "year 9999", "year 1"],
)
def test_a_first_contact_in_the_future_or_before_the_request_is_refused_and_changes_nothing(
    client, people, when
):
    from support_requests.models import SupportRequest

    support_request = _request_in("accepted")(people)
    before = list(SupportRequest.objects.values_list())
    client.force_login(people.supporter)
    response = client.post(
        reverse("support_requests:log_contact", args=[support_request.pk]), when(support_request)
    )
    assert refused(response)
    assert list(SupportRequest.objects.values_list()) == before


@pytest.mark.parametrize("contacts", ["0", "51", str(2**63), "-1", "1e9"])
def test_closing_with_a_count_of_contacts_out_of_range_is_refused(client, people, contacts):
    from support_requests.models import Intervention, SupportRequest

    support_request = _request_in("contacted")(people)
    client.force_login(people.supporter)
    response = client.post(
        reverse("support_requests:close", args=[support_request.pk]),
        {"contacts": contacts, "duration_band": "under_15", "referral": "none"},
    )
    assert response.status_code == 400
    assert SupportRequest.objects.get(pk=support_request.pk).state == "contacted"
    assert not Intervention.objects.exists()
