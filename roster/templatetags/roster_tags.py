"""Roster bits other pages show: the nominee's pending invitation on the home page."""

from django import template

from roster import selectors

register = template.Library()


@register.inclusion_tag("roster/_invitation_notice.html", takes_context=True)
def pending_invitation_notice(context):
    """A notice with a link when the signed-in person has an invitation waiting (one query)."""
    user = context["user"]
    return {"has_invitation": selectors.pending_invitations_for(user).exists()}
