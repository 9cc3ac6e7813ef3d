"""Templates reflect access decisions; they never make them (peersupport.access does)."""

from django import template

from peersupport import access

register = template.Library()


@register.filter
def may(user, capability: str) -> bool:
    """{% if user|may:"requests.triage" %} ... {% endif %}"""
    return access.may(user, capability)
