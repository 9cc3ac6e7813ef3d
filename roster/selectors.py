"""Roster querysets, scoped to the viewer."""

from django.db.models import QuerySet

from peersupport import access
from roster.models import SupporterProfile


def supporters_visible_to(user) -> QuerySet[SupporterProfile]:
    """Supporters of the units this person manages (everyone for central leads and the manager)."""
    profiles = SupporterProfile.objects.select_related("user", "home_unit", "home_unit__parent")
    unit_ids = access.managed_unit_ids(user)
    if unit_ids is None:
        return profiles
    return profiles.filter(home_unit_id__in=unit_ids)
