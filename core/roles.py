"""The program's roles.

Global roles are Django groups created by a data migration; the chair assigns them through the
committees app's leadership page. Unit-scoped and derived roles (local lead, peer supporter,
committee member) come from rows in the roster and committees apps.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    SUPPORTER = "supporter", _("Peer Supporter")
    LOCAL_LEAD = "local_lead", _("Local Peer Support Lead")
    CENTRAL_LEAD = "central_lead", _("Central Peer Support Lead")
    PROGRAM_MANAGER = "program_manager", _("Program Manager")
    CHAIR = "chair", _("Chair / Co-Chair")
    SPONSOR = "sponsor", _("Executive Sponsor")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


# The global roles that are Django groups: group name -> role.
GROUP_ROLES: dict[str, Role] = {
    "Central Peer Support Lead": Role.CENTRAL_LEAD,
    "Program Manager": Role.PROGRAM_MANAGER,
    "Chair / Co-Chair": Role.CHAIR,
    "Executive Sponsor": Role.SPONSOR,
}
GROUP_FOR_ROLE: dict[Role, str] = {role: name for name, role in GROUP_ROLES.items()}

# Roles whose holders must use MFA.
MFA_REQUIRED_ROLES = frozenset(
    {Role.LOCAL_LEAD, Role.CENTRAL_LEAD, Role.PROGRAM_MANAGER, Role.CHAIR}
)
