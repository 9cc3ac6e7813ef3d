import datetime

import pytest
from django.utils import timezone

from tests.training.factories import TrainingSessionFactory


@pytest.fixture
def held_session(people):
    """A session that started an hour ago, facilitated by the Education Committee member."""
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    return TrainingSessionFactory(starts_at=starts_at, facilitators=[people.education])


@pytest.fixture
def upcoming_session(people):
    return TrainingSessionFactory(capacity=2, facilitators=[people.education])
