from core.access import roles_of
from core.conf import program_text
from core.roles import Role


def program(request):
    """What every page needs: the crisis line and the person's roles for the navigation."""
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        # The program's contacts in the page's language (a Spanish version when set).
        "crisis_line": program_text("CRISIS_LINE"),
        "crisis_note": program_text("CRISIS_LINE_NOTE"),
        "eap_contact": program_text("EAP_CONTACT"),
        "hr_contact": program_text("HR_CONTACT"),
        "my_roles": roles,
        "my_role_labels": [role.label for role in Role if role in roles],
        "Role": Role,
    }
