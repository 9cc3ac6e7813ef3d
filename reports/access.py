"""Whose figures a person's reports cover."""

from __future__ import annotations

from core.access import has_role, may, require  # noqa: F401  (re-exported)
from core.models import User
from core.roles import Role
from roster.access import units_led_by


def report_unit_ids(user: User) -> frozenset[int] | None:
    """Units whose figures this person's reports cover: None means the whole hospital.

    Central leads, the program manager, chairs and sponsors see the whole program; a local lead
    sees only the units (or departments) they lead, however else they hold the dashboard.
    """
    if has_role(user, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER, Role.CHAIR, Role.SPONSOR):
        return None
    return units_led_by(user)
