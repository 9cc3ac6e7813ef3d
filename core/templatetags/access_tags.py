"""Templates reflect access decisions; they never make them (each app's access module does)."""

from django import template

from core import access

register = template.Library()


@register.filter
def may(user, capability: str) -> bool:
    """{% if user|may:"requests.triage" %} ... {% endif %}"""
    return access.may(user, capability)
