"""For any sequence of enrolments and cancellations: never more people than places, and nobody
waits while a place is free."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.training.factories import TrainingSessionFactory
from training import services
from training.models import Enrolment, EnrolmentStatus

# (person index, True to enrol / False to give up their place)
OPERATIONS = st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=25)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(capacity=st.integers(1, 4), operations=OPERATIONS)
def test_seats_never_overflow_and_the_wait_list_fills_free_places(db, capacity, operations):
    session = TrainingSessionFactory(capacity=capacity)
    people = [UserFactory() for _ in range(6)]
    for index, joining in operations:
        person = people[index]
        current = Enrolment.objects.filter(session=session, user=person).first()
        try:
            if joining:
                services.enrol(actor=person, session=session, person=person)
            elif current is not None:
                services.cancel_enrolment(actor=person, enrolment=current)
        except services.TrainingError:
            pass  # refused with a reason (already enrolled or already cancelled): nothing changed
        enrolled = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
        waiting = session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).count()
        assert enrolled <= capacity
        assert waiting == 0 or enrolled == capacity
