"""A supporter who declines for a conflict of interest is never offered that request again."""

import pytest

from support_requests import selectors, services
from support_requests.models import ConflictDecline, State
from tests.support_requests.conftest import walk


def test_a_conflict_decline_excludes_the_supporter_from_suggestions_and_assignment(people):
    request = walk(people, State.ASSIGNED)
    services.decline(actor=people.supporter, support_request=request, reason="conflict")
    request.refresh_from_db()
    pool = selectors.supporter_pool(people.central, request).values_list("user_id", flat=True)
    assert people.supporter.pk not in pool
    offered = [s.profile.user_id for s in selectors.suggestions_for(people.central, request)]
    assert people.supporter.pk not in offered
    with pytest.raises(services.RequestError):
        services.assign_supporter(
            actor=people.central, support_request=request, supporter=people.supporter
        )


def test_declining_as_unavailable_does_not_exclude(people):
    request = walk(people, State.ASSIGNED)
    services.decline(actor=people.supporter, support_request=request, reason="unavailable")
    request.refresh_from_db()
    pool = selectors.supporter_pool(people.central, request).values_list("user_id", flat=True)
    assert people.supporter.pk in pool
    assert not ConflictDecline.objects.exists()
