"""Valid intake submissions for the benchmark: `bench` and the throughput driver POST these.

Each call gives a different submission (a run token and a counter in contact_time), so the duplicate rule, which
merges identical requests sent within minutes, never folds two timed POSTs into one.
"""

import itertools
import uuid

from roster.models import Unit, UnitKind
from support_requests.forms import FOR_ME
from support_requests.models import Category, ContactMethod, PreferredRole, Urgency

_counter = itertools.count(1)
_run = uuid.uuid4().hex[:12]  # a fresh run's POSTs must not match an earlier run's either
_unit_pk: int | None = None


def _a_unit() -> int:
    """The first unit the intake form offers (looked up once per process)."""
    global _unit_pk
    if _unit_pk is None:
        _unit_pk = (
            Unit.objects.filter(kind__in=[UnitKind.UNIT, UnitKind.DEPARTMENT])
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return _unit_pk


def intake_form(user, *, unit_pk: int | None = None) -> dict:
    """POST data for support_requests:new that passes the form and differs from every earlier one."""
    n = next(_counter)
    return {
        "need": FOR_ME,
        "colleague_name": "",
        "category": Category.values[n % len(Category.values)],
        "unit": unit_pk if unit_pk is not None else _a_unit(),
        "urgency": Urgency.THIS_WEEK,  # TODAY would page every on-call supporter on each POST
        "contact_method": ContactMethod.EMAIL,
        "contact_detail": user.email,
        "contact_time": f"benchmark submission {_run}-{n}",
        "preferred_role": PreferredRole.ANY,
        "requester_role_type": "",
        "language": "en",
        "details": "",
    }
