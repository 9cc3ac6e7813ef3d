"""The demo hospital: accounts, structure and history, built idempotently.

Each app contributes its part in `<app>/demo.py`; this module runs them in dependency order.
Deterministic: the same random seed gives the same hospital every time.
"""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from core.models import User
from core.roles import GROUP_FOR_ROLE, Role

PASSWORD = "demo-pass-2026"  # noqa: S105  (demo only; seed_demo refuses to run with DEBUG off)

# email -> (first name, last name, job title, global role or None)
DEMO_ACCOUNTS = {
    "staff@demo.test": ("Dana", "Rivera", "Registered Nurse, Medical Ward 5A", None),
    "supporter@demo.test": ("Sam", "Okafor", "Registered Nurse, Intensive Care Unit", None),
    "icu-lead@demo.test": ("Irene", "Castillo", "Nurse Manager, Intensive Care Unit", None),
    "ed-lead@demo.test": ("Eli", "Dawson", "Attending Physician, Emergency Department", None),
    "central@demo.test": ("Chris", "Nakamura", "Central Peer Support Lead", Role.CENTRAL_LEAD),
    "manager@demo.test": ("Morgan", "Patel", "Peer Support Program Manager", Role.PROGRAM_MANAGER),
    "chair@demo.test": ("Carmen", "Whitfield", "Director of Nursing Quality", Role.CHAIR),
    "sponsor@demo.test": ("Stephen", "Albright", "Chief Nursing Officer", Role.SPONSOR),
    "education@demo.test": ("Eva", "Lindqvist", "Clinical Nurse Educator", None),
}

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carla",
    "Deepak",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kira",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Yara",
    "Zane",
    "Amara",
    "Bruno",
    "Chloe",
    "Dmitri",
    "Esther",
    "Felix",
]
LAST_NAMES = [
    "Adams",
    "Bauer",
    "Chen",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Mensah",
    "Nguyen",
    "Osei",
    "Park",
    "Quintero",
    "Rossi",
    "Silva",
    "Tanaka",
]


def rng() -> random.Random:
    return random.Random(2026)  # noqa: S311


def ensure_user(email: str, first_name: str, last_name: str, job_title: str = "") -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "job_title": job_title},
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        # The hospital vouches for its addresses (SSO); demo addresses count as verified too.
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def seed_accounts() -> dict[str, User]:
    """The nine demo accounts, with their global roles."""
    accounts = {}
    for email, (first, last, title, role) in DEMO_ACCOUNTS.items():
        user = ensure_user(email, first, last, title)
        if role is not None:
            user.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])[0])
        accounts[email] = user
    return accounts
