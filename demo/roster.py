"""The demo hospital's structure and supporter pool."""

import datetime

from django.utils import timezone

from demo.accounts import FIRST_NAMES, LAST_NAMES, ensure_user, rng
from roster.models import (
    JobRoleType,
    LocalLead,
    Nomination,
    NominationState,
    OnCallShift,
    StatusChange,
    SupporterProfile,
    SupporterStatus,
    Unit,
    UnitKind,
)

# department code, name -> [(unit code, unit name)]
STRUCTURE = {
    ("critical-care", "Critical Care"): [
        ("icu", "Intensive Care Unit"),
        ("cicu", "Cardiac Intensive Care Unit"),
    ],
    ("emergency", "Emergency Medicine"): [
        ("ed", "Emergency Department"),
        ("ed-peds", "Pediatric Emergency"),
    ],
    ("medicine", "Medicine"): [("ward-5a", "Medical Ward 5A"), ("ward-5b", "Medical Ward 5B")],
    ("surgery", "Surgery"): [("or", "Operating Rooms"), ("surg-ward", "Surgical Ward 7")],
    ("women-children", "Women and Children"): [
        ("ld", "Labor and Delivery"),
        ("nicu", "Neonatal Intensive Care"),
    ],
    ("pharmacy", "Pharmacy"): [("pharmacy", "Inpatient Pharmacy")],
    ("oncology", "Oncology"): [("onc-ward", "Oncology Ward")],
}
# A unit left without supporters, so the coverage view has something to show.
UNCOVERED_UNIT = "onc-ward"

ROLE_MIX = [
    JobRoleType.NURSE,
    JobRoleType.NURSE,
    JobRoleType.NURSE,
    JobRoleType.NURSING_SUPPORT,
    JobRoleType.NP_PA,
    JobRoleType.RESIDENT,
    JobRoleType.FELLOW,
    JobRoleType.ATTENDING,
    JobRoleType.PHARMACIST,
    JobRoleType.TECHNICIAN,
    JobRoleType.SUPERVISOR,
    JobRoleType.ADMINISTRATIVE,
    JobRoleType.OTHER,
]
STATUS_MIX = [SupporterStatus.ACTIVE] * 8 + [
    SupporterStatus.PAUSED,
    SupporterStatus.ON_LEAVE,
    SupporterStatus.RETIRED,
]
# ISO 639-1 codes, as the request form and the interface use them (core.spoken_languages).
LANGUAGES = ["en", "en", "en,es", "en,fr", "en,zh", "en,tl"]
SPANISH_SPEAKERS = "en,es"


def seed_structure() -> dict[str, Unit]:
    hospital, _ = Unit.objects.get_or_create(
        code="hospital", defaults={"name": "Riverside General Hospital", "kind": UnitKind.HOSPITAL}
    )
    units = {"hospital": hospital}
    for (dept_code, dept_name), children in STRUCTURE.items():
        department, _ = Unit.objects.get_or_create(
            code=dept_code,
            defaults={"name": dept_name, "kind": UnitKind.DEPARTMENT, "parent": hospital},
        )
        units[dept_code] = department
        for code, name in children:
            units[code], _ = Unit.objects.get_or_create(
                code=code, defaults={"name": name, "kind": UnitKind.UNIT, "parent": department}
            )
    return units


def seed(accounts) -> list[str]:
    units = seed_structure()
    LocalLead.objects.get_or_create(user=accounts["icu-lead@demo.test"], unit=units["icu"])
    LocalLead.objects.get_or_create(user=accounts["ed-lead@demo.test"], unit=units["ed"])
    today = timezone.localdate()
    random = rng()

    SupporterProfile.objects.get_or_create(
        user=accounts["supporter@demo.test"],
        defaults={
            "role_type": JobRoleType.NURSE,
            "home_unit": units["icu"],
            "languages": SPANISH_SPEAKERS,
            "status": SupporterStatus.ACTIVE,
            "trained_on": today - datetime.timedelta(days=200),
            "refresher_due_on": today + datetime.timedelta(days=530),
            "agreement_signed_on": today - datetime.timedelta(days=200),
            "joined_on": today - datetime.timedelta(days=230),
        },
    )
    staffed_units = [
        unit
        for code, unit in units.items()
        if unit.kind == UnitKind.UNIT and code != UNCOVERED_UNIT
    ]
    for index in range(59):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
        user = ensure_user(f"supporter{index + 1:02d}@demo.test", first, last)
        languages = LANGUAGES[index % len(LANGUAGES)]
        if languages == SPANISH_SPEAKERS and not user.language:
            # They read the site and their notices in Spanish (supporter@demo.test stays English).
            user.language = "es"
            user.save(update_fields=["language"])
        trained_days_ago = random.randint(30, 900)
        trained_on = today - datetime.timedelta(days=trained_days_ago) if index % 9 != 4 else None
        SupporterProfile.objects.get_or_create(
            user=user,
            defaults={
                "role_type": ROLE_MIX[index % len(ROLE_MIX)],
                "home_unit": staffed_units[index % len(staffed_units)],
                "languages": languages,
                "status": STATUS_MIX[index % len(STATUS_MIX)],
                "is_available": index % 5 != 3,
                "trained_on": trained_on,
                "refresher_due_on": trained_on + datetime.timedelta(days=730)
                if trained_on
                else None,
                "agreement_signed_on": trained_on,
                "joined_on": (trained_on or today) - datetime.timedelta(days=30),
            },
        )
    seed_status_history()
    seed_nominations(accounts, units)
    seed_on_call_rota(today)
    return [
        f"{Unit.objects.count()} units",
        f"{SupporterProfile.objects.count()} supporter profiles",
        f"{Nomination.objects.count()} nominations",
        f"{OnCallShift.objects.count()} on-call shifts",
    ]


def seed_status_history() -> None:
    """A dated history for every profile that has none: joined, then its current status."""
    rows = []
    for profile in SupporterProfile.objects.filter(status_changes__isnull=True):
        joined = timezone.make_aware(
            datetime.datetime.combine(profile.joined_on, datetime.time(9, 0))
        )
        rows.append(
            StatusChange(
                profile=profile,
                from_status=SupporterStatus.NOMINATED,
                to_status=SupporterStatus.ACTIVE,
                changed_at=joined,
                changed_by=profile.user,
            )
        )
        if profile.status != SupporterStatus.ACTIVE:
            rows.append(
                StatusChange(
                    profile=profile,
                    from_status=SupporterStatus.ACTIVE,
                    to_status=profile.status,
                    changed_at=joined + datetime.timedelta(days=20),
                    changed_by=profile.user,
                )
            )
    StatusChange.objects.bulk_create(rows)


# Invitations waiting for an answer, and one the nominee declined.
NOMINEES = [
    (
        "nominee01@demo.test",
        "Nadia",
        "Haddad",
        "icu-lead@demo.test",
        "icu",
        NominationState.PENDING,
    ),
    ("nominee02@demo.test", "Omar", "Fischer", "ed-lead@demo.test", "ed", NominationState.PENDING),
    ("nominee03@demo.test", "Paula", "Jensen", "ed-lead@demo.test", "ed", NominationState.DECLINED),
]


def seed_nominations(accounts, units) -> None:
    now = timezone.now()
    for email, first, last, lead, unit_code, state in NOMINEES:
        nominee = ensure_user(email, first, last, "Registered Nurse")
        Nomination.objects.get_or_create(
            nominee=nominee,
            unit=units[unit_code],
            defaults={
                "nominated_by": accounts[lead],
                "role_type": JobRoleType.NURSE,
                "state": state,
                "created_at": now - datetime.timedelta(days=3),
                "answered_at": None if state == NominationState.PENDING else now,
            },
        )


# The rota: a day shift and a night shift, three weeks ahead; the day shift of the fourth day
# is left open so the rota overview and the program manager's gap notice have a gap to show.
ROTA_DAYS = 21
ROTA_GAP_OFFSET = 3


def seed_on_call_rota(today: datetime.date) -> None:
    supporters = list(
        SupporterProfile.objects.filter(status=SupporterStatus.ACTIVE)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if not supporters:
        return
    for offset in range(-1, ROTA_DAYS):
        day = today + datetime.timedelta(days=offset)
        morning = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
        evening = morning + datetime.timedelta(hours=12)
        next_morning = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(8, 0))
        )
        shifts = [(evening, next_morning)]
        if offset != ROTA_GAP_OFFSET:
            shifts.append((morning, evening))
        for index, (starts_at, ends_at) in enumerate(shifts):
            if OnCallShift.objects.filter(starts_at=starts_at, ends_at=ends_at).exists():
                continue
            user_id = supporters[(offset * 2 + index) % len(supporters)]
            OnCallShift.objects.create(supporter_id=user_id, starts_at=starts_at, ends_at=ends_at)
