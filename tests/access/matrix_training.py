"""Training URLs for every role. The public feed URL is in PUBLIC_NAMES (test_matrix.py)."""

import datetime

from django.utils import timezone

from tests.access.rows import EVERYONE, Row, roles


def session_id(people) -> list:
    """A session held yesterday, facilitated by the Education Committee member."""
    from training.models import Course, TrainingSession

    course = Course.objects.get(slug="active-listening")
    starts_at = timezone.now() - datetime.timedelta(days=1)
    session, created = TrainingSession.objects.get_or_create(
        course=course,
        place="Matrix room",
        defaults={
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "capacity": 5,
        },
    )
    if created:
        session.facilitators.add(people.education)
    return [session.pk]


def course_id(people) -> list:
    from training.models import Course

    return [Course.objects.get(slug="active-listening").pk]


def supporter_enrolment_id(people) -> list:
    """The ICU supporter's enrolment: theirs, their lead's (ICU) and the central/manager's."""
    from training.models import Enrolment

    enrolment, _ = Enrolment.objects.get_or_create(
        session_id=session_id(people)[0],
        user=people.supporter,
        defaults={"status": "enrolled", "attended": True},
    )
    return [enrolment.pk]


EDUCATION_AND_MANAGER = roles("education", "manager")

MATRIX = {
    "training:index": Row(allowed=EVERYONE),
    "training:mine": Row(allowed=EVERYONE),
    "training:courses": Row(allowed=EVERYONE),
    "training:course_new": Row(allowed=EDUCATION_AND_MANAGER),
    "training:course_results": Row(allowed=EDUCATION_AND_MANAGER, args=course_id),
    "training:session_new": Row(allowed=roles("manager")),
    "training:session": Row(allowed=EVERYONE, args=session_id),
    "training:session_edit": Row(allowed=roles("manager"), args=session_id),
    "training:session_cancel": Row(allowed=roles("manager"), args=session_id, post_only=True),
    "training:enrol": Row(allowed=EVERYONE, args=session_id, post_only=True),
    "training:enrol_person": Row(
        allowed=roles("icu_lead", "ed_lead", "central", "manager"), args=session_id, post_only=True
    ),
    "training:attendance": Row(allowed=EDUCATION_AND_MANAGER, args=session_id),
    "training:session_results": Row(allowed=EDUCATION_AND_MANAGER, args=session_id),
    # Only the person themselves, their unit's lead and the central lead / manager; 404 otherwise.
    "training:enrolment_cancel": Row(
        allowed=roles("supporter", "icu_lead", "central", "manager"),
        denied_status=404,
        args=supporter_enrolment_id,
        post_only=True,
    ),
    # The survey is the attendee's own: 404 for everyone else.
    "training:feedback": Row(
        allowed=roles("supporter"), denied_status=404, args=supporter_enrolment_id
    ),
    "training:results": Row(allowed=EDUCATION_AND_MANAGER),
    "training:calendar": Row(allowed=EVERYONE),
    "training:calendar_regenerate": Row(allowed=EVERYONE, post_only=True),
    "training:calendar_revoke": Row(allowed=EVERYONE, post_only=True),
}
