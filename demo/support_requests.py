"""This app's part of the demo hospital: open requests in every state, and two years of
closed interventions, redirections and survey answers for the reports.

Deterministic (demo.accounts.rng) and idempotent: it does nothing once interventions exist.
"""

import datetime

from django.utils import timezone
from guardian.shortcuts import assign_perm

from demo.accounts import FIRST_NAMES, LAST_NAMES, ensure_user, rng
from roster.models import JobRoleType, SupporterProfile, SupporterStatus, Unit, UnitKind
from support_requests.models import (
    Category,
    ContactMethod,
    DurationBand,
    Intervention,
    InterventionKind,
    Redirection,
    RedirectReason,
    Referral,
    State,
    SupportRequest,
    SurveyResponse,
    Urgency,
)

HISTORY_DAYS = 730
# Enough that department and category figures mostly show by month, with some small cells left.
HISTORY_SIZE = 3000
# Units that see few requests, so the reports have small cells to suppress.
QUIET_UNITS = {"pharmacy": 0.15, "onc-ward": 0.1, "ed-peds": 0.3}
CATEGORY_WEIGHTS = {
    Category.ADVERSE_EVENT: 24,
    Category.PATIENT_DEATH: 22,
    Category.DIFFICULT_INTERACTION: 18,
    Category.WORKLOAD: 16,
    Category.PANDEMIC: 4,
    Category.PERSONAL: 10,
    Category.OTHER: 6,
}
# Minutes to first contact: most within the day, a few slow ones.
CONTACT_MINUTES = [10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 240, 360, 600, 900, 1200, 1800, 2880]
OPEN_STATES_TO_SEED = [
    State.SUBMITTED,
    State.SUBMITTED,
    State.TRIAGED,
    State.ROUTED,
    State.ASSIGNED,
    State.ACCEPTED,
    State.CONTACTED,
    State.CLOSED,
    State.DECLINED,
    State.WITHDRAWN,
    State.REDIRECTED,
]
ASKS = [
    "A patient I cared for died unexpectedly and I keep going over it.",
    "There was a medication error on my shift and I cannot stop thinking about it.",
    "A family member was very aggressive with me yesterday.",
    "I am exhausted after weeks of short staffing.",
    "Something at home is making it hard to focus at work.",
]


def seed(accounts) -> list[str]:
    if Intervention.objects.exists():
        return ["support requests: already seeded"]
    random = rng()
    units = list(Unit.objects.filter(kind=UnitKind.UNIT).select_related("parent").order_by("code"))
    if not units:
        return ["support requests: no units to seed"]
    history = _seed_history(random, units)
    open_count = _seed_open_requests(random, accounts, {unit.code: unit for unit in units})
    redirections = Redirection.objects.bulk_create(
        Redirection(
            reason=random.choice(list(RedirectReason.values)),
            occurred_on=timezone.localdate() - datetime.timedelta(days=random.randint(1, 720)),
        )
        for _ in range(160)
    )
    surveys = SurveyResponse.objects.bulk_create(_surveys(random))
    return [
        f"{history} interventions over two years",
        f"{open_count} requests in every state",
        f"{len(redirections)} redirections, {len(surveys)} survey answers",
    ]


def _weighted_units(units):
    return [(unit, QUIET_UNITS.get(unit.code, 1.0)) for unit in units]


def _seed_history(random, units) -> int:
    today = timezone.localdate()
    weighted = _weighted_units(units)
    categories, category_weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    role_types = [
        JobRoleType.NURSE,
        JobRoleType.NURSE,
        JobRoleType.NURSE,
        JobRoleType.NP_PA,
        JobRoleType.RESIDENT,
        JobRoleType.ATTENDING,
        JobRoleType.PHARMACIST,
        JobRoleType.NURSING_SUPPORT,
        JobRoleType.TECHNICIAN,
        JobRoleType.SUPERVISOR,
    ]
    rows = []
    for _ in range(HISTORY_SIZE):
        unit = random.choices([u for u, _ in weighted], weights=[w for _, w in weighted])[0]
        days_ago = random.randint(31, HISTORY_DAYS)
        requested_at = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago),
                datetime.time(random.randint(0, 23), random.randint(0, 59)),
            )
        )
        urgency = Urgency.TODAY if random.random() < 0.3 else Urgency.THIS_WEEK
        minutes = random.choice(
            CONTACT_MINUTES[:8] if urgency == Urgency.TODAY else CONTACT_MINUTES
        )
        first_contact_at = requested_at + datetime.timedelta(minutes=minutes)
        outreach = random.random() < 0.06
        rows.append(
            Intervention(
                kind=InterventionKind.OUTREACH if outreach else InterventionKind.REQUEST,
                category=random.choices(categories, weights=category_weights)[0],
                unit=unit,
                department=unit.parent or unit,
                urgency="" if outreach else urgency,
                requested_at=requested_at,
                first_contact_at=first_contact_at,
                minutes_to_first_contact=None if outreach else minutes,
                closed_on=(
                    first_contact_at + datetime.timedelta(days=random.randint(0, 10))
                ).date(),
                supporter_role_type=random.choice(role_types),
                contacts=random.choice([1, 1, 1, 2, 2, 3]),
                duration_band=random.choice(list(DurationBand.values)),
                referral=random.choices(list(Referral.values), weights=[70, 14, 6, 7, 3])[0],
                follow_up_planned=random.random() < 0.3,
            )
        )
    return len(Intervention.objects.bulk_create(rows))


def _surveys(random):
    today = timezone.localdate()
    for _ in range(700):
        day = today - datetime.timedelta(days=random.randint(0, HISTORY_DAYS))
        rating = random.choices([1, 2, 3, 4, 5], weights=[2, 3, 10, 35, 50])[0]
        yield SurveyResponse(rating=rating, would_recommend=rating >= 3, month=day.replace(day=1))


def _seed_open_requests(random, accounts, units) -> int:
    """A handful of live requests, one in every state; staff@'s are older than an hour so the
    demo's rate limit leaves room for a new one."""
    now = timezone.now()
    icu = units.get("icu")
    staff = accounts["staff@demo.test"]
    requesters = [staff] + [
        ensure_user(
            f"colleague{n:02d}@demo.test",
            FIRST_NAMES[(n * 5) % len(FIRST_NAMES)],
            LAST_NAMES[(n * 3) % len(LAST_NAMES)],
        )
        for n in range(1, 9)
    ]
    demo_supporter = accounts["supporter@demo.test"]
    today = timezone.localdate()
    helpers = list(
        SupporterProfile.objects.filter(
            status=SupporterStatus.ACTIVE,
            is_available=True,
            trained_on__isnull=False,
            refresher_due_on__gte=today,
        )
        .exclude(user=demo_supporter)
        .select_related("user", "home_unit")
        .order_by("user__email")
    )
    unit_list = sorted(units.values(), key=lambda unit: unit.code)
    created = 0
    for index, state in enumerate(OPEN_STATES_TO_SEED):
        requester = requesters[index % len(requesters)]
        unit = unit_list[index % len(unit_list)]
        submitted_at = now - datetime.timedelta(hours=2 + index * 5, minutes=random.randint(0, 50))
        request = SupportRequest(
            requester=requester,
            category=random.choice(list(Category.values)),
            unit=unit,
            urgency=Urgency.TODAY if index % 3 == 0 else Urgency.THIS_WEEK,
            contact_method=ContactMethod.PHONE,
            contact_detail=f"555-01{index:02d}",
            contact_time="Afternoons",
            details=ASKS[index % len(ASKS)],
            submitted_at=submitted_at,
        )
        helper = helpers[index % len(helpers)].user if helpers else None
        _place(request, state, helper=helper, icu=icu, now=now)
        if state == State.ROUTED and icu is not None:
            request.requester = staff  # the ICU lead's queue has the staff member's request
        request.save()
        if state == State.CLOSED:
            _closed_facts(request)
        if request.assigned_to_id and state in (State.ASSIGNED, State.ACCEPTED, State.CONTACTED):
            assign_perm("view_request_details", request.assigned_to, request)
        created += 1
    # The supporter@demo.test account's own assignment, routed to the ICU.
    if icu is not None:
        request = SupportRequest.objects.create(
            requester=requesters[1],
            category=Category.PATIENT_DEATH,
            unit=icu,
            routed_unit=icu,
            urgency=Urgency.THIS_WEEK,
            contact_method=ContactMethod.PHONE,
            contact_detail="555-0177",
            details=ASKS[0],
            state=State.ASSIGNED,
            assigned_to=demo_supporter,
            submitted_at=now - datetime.timedelta(hours=3),
            triaged_at=now - datetime.timedelta(hours=2, minutes=30),
            assigned_at=now - datetime.timedelta(hours=1),
        )
        assign_perm("view_request_details", demo_supporter, request)
        created += 1
    return created


def _place(request, state, *, helper, icu, now) -> None:
    """Fill the timestamps and people a request in `state` would have."""
    request.state = state
    step = datetime.timedelta(minutes=20)
    if state in (State.REDIRECTED, State.WITHDRAWN):
        request.details = request.contact_detail = request.contact_time = None
        request.purged_at = now
        if state == State.REDIRECTED:
            request.redirect_reason = RedirectReason.HR
        return
    if state == State.SUBMITTED:
        return
    request.triaged_at = request.submitted_at + step
    if state in (State.ROUTED, State.DECLINED) and icu is not None:
        request.routed_unit = icu
    if state in (State.TRIAGED, State.ROUTED):
        return
    if state == State.DECLINED:
        request.decline_reason = "unavailable"
        return
    request.assigned_to = helper
    request.assigned_at = request.triaged_at + step
    if state == State.ASSIGNED:
        return
    request.accepted_at = request.assigned_at + step
    if state == State.ACCEPTED:
        return
    request.first_contact_at = request.accepted_at + step
    if state == State.CLOSED:
        request.closed_at = request.first_contact_at + step


def _closed_facts(request) -> None:
    """The closed demo request keeps its facts like any other."""
    profile = SupporterProfile.objects.filter(user_id=request.assigned_to_id).first()
    Intervention.objects.create(
        category=request.category,
        unit=request.unit,
        department=request.unit.parent or request.unit,
        urgency=request.urgency,
        requested_at=request.submitted_at,
        first_contact_at=request.first_contact_at,
        minutes_to_first_contact=int(
            (request.first_contact_at - request.submitted_at).total_seconds() // 60
        ),
        closed_on=timezone.localdate(request.closed_at),
        supporter_role_type=profile.role_type if profile else "",
        duration_band=DurationBand.FROM_15_TO_45,
    )
