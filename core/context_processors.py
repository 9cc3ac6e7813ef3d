from django.conf import settings

from core.access import roles_of
from core.roles import Role


def program(request):
    """What every page needs: the crisis line and the person's roles for the navigation."""
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        "crisis_line": settings.PEERSUPPORT["CRISIS_LINE"],
        "eap_contact": settings.PEERSUPPORT["EAP_CONTACT"],
        "my_roles": roles,
        "my_role_labels": [role.label for role in Role if role in roles],
        "Role": Role,
    }
