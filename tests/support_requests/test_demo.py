"""The demo seed of the request workflow: every state, two years of facts, idempotent."""

import pytest

from demo import seed as demo
from support_requests.models import (
    Intervention,
    Redirection,
    State,
    SupportRequest,
    SurveyResponse,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_two_years_of_history_and_is_idempotent(settings):
    settings.DEBUG = True
    demo.seed_all()
    counts = (
        SupportRequest.objects.count(),
        Intervention.objects.count(),
        Redirection.objects.count(),
        SurveyResponse.objects.count(),
    )
    assert set(SupportRequest.objects.values_list("state", flat=True)) == set(State.values)
    assert 2500 <= counts[1] <= 3500
    assert Intervention.objects.values("department").distinct().count() >= 5
    assert Intervention.objects.values("category").distinct().count() == 7
    assert counts[2] > 0 and counts[3] > 0
    assert SupportRequest.objects.filter(
        assigned_to__email="supporter@demo.test", state=State.ASSIGNED
    ).exists()
    assert SupportRequest.objects.filter(
        routed_unit__code="icu", requester__email="staff@demo.test", state=State.ROUTED
    ).exists()
    demo.seed_all()
    assert counts == (
        SupportRequest.objects.count(),
        Intervention.objects.count(),
        Redirection.objects.count(),
        SurveyResponse.objects.count(),
    )


def test_the_demo_supporter_can_see_their_assignment(settings):
    from core.models import User
    from support_requests import access

    settings.DEBUG = True
    demo.seed_all()
    supporter = User.objects.get(email="supporter@demo.test")
    assert access.visible_requests(supporter).filter(state=State.ASSIGNED).count() == 1
