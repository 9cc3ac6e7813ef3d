from tests.access.rows import EVERYONE, Row, roles

OVERSEERS_AND_MEMBERS = roles("education", "manager", "chair")
POLICY_FOLLOWERS = roles("manager", "chair", "central", "icu_lead", "ed_lead")


def _education_meeting(people):
    from tests.committees.factories import MeetingFactory
    from tests.factories import CommitteeFactory

    return [MeetingFactory(committee=CommitteeFactory(slug="education")).pk]


def _education_member(people):
    return ["education", people.education.committee_memberships.get().pk]


def _education_chairs_it(people):
    people.education.committee_memberships.update(role="chair")


def _education_occurrence(people):
    from committees import occurrences
    from tests.committees.factories import MeetingFactory
    from tests.factories import CommitteeFactory

    meeting = MeetingFactory(committee=CommitteeFactory(slug="education"))
    return [meeting.pk, occurrences.local_start(meeting).date().isoformat()]


def _education_action(people):
    import datetime

    from committees import services
    from committees.models import Meeting

    meeting_id, day = _education_occurrence(people)
    record = services.record_for(
        meeting=Meeting.objects.get(pk=meeting_id),
        occurs_on=datetime.date.fromisoformat(day),
        actor=people.manager,
    )
    action = services.add_action(
        record=record, description="Book the room", owner=None, actor=people.manager
    )
    return [meeting_id, day, action.pk]


def _area(people):
    from committees.models import ProgramArea

    return [ProgramArea.objects.create(name="Recruitment", position=1).pk]


def _activity(people):
    from tests.committees.factories import PlanActivityFactory

    return [PlanActivityFactory().pk]


POLICY = ["confidentiality-agreement"]

MATRIX = {
    "committees:index": Row(allowed=OVERSEERS_AND_MEMBERS),
    "committees:add_committee": Row(allowed=roles("manager")),
    "committees:community": Row(allowed=roles("supporter", "manager", "chair")),
    # A committee, its meetings, minutes and invitation: a non-member gets 404, as if none existed.
    "committees:committee": Row(
        allowed=OVERSEERS_AND_MEMBERS, denied_status=404, args=lambda people: ["education"]
    ),
    "committees:add_member": Row(
        allowed=roles("manager"), post_only=True, args=lambda people: ["education"]
    ),
    "committees:remove_member": Row(
        allowed=roles("manager"), post_only=True, args=_education_member
    ),
    "committees:new_meeting": Row(allowed=roles("manager"), args=lambda people: ["education"]),
    "committees:meeting": Row(
        allowed=OVERSEERS_AND_MEMBERS, denied_status=404, args=_education_meeting
    ),
    "committees:minutes": Row(
        allowed=OVERSEERS_AND_MEMBERS, denied_status=404, args=_education_meeting
    ),
    "committees:invitation": Row(
        allowed=OVERSEERS_AND_MEMBERS, denied_status=404, args=_education_meeting
    ),
    # The committee's chair keeps its minutes (here the education member chairs it).
    "committees:edit_minutes": Row(
        allowed=OVERSEERS_AND_MEMBERS,
        denied_status=404,
        args=_education_meeting,
        setup=_education_chairs_it,
    ),
    # One occurrence's agenda, minutes and actions: members read what is published.
    "committees:occurrence": Row(
        allowed=OVERSEERS_AND_MEMBERS, denied_status=404, args=_education_occurrence
    ),
    "committees:edit_occurrence": Row(
        allowed=OVERSEERS_AND_MEMBERS,
        denied_status=404,
        args=_education_occurrence,
        setup=_education_chairs_it,
    ),
    "committees:publish_occurrence": Row(
        allowed=OVERSEERS_AND_MEMBERS,
        denied_status=404,
        post_only=True,
        args=_education_occurrence,
        setup=_education_chairs_it,
    ),
    "committees:add_action": Row(
        allowed=OVERSEERS_AND_MEMBERS,
        denied_status=404,
        post_only=True,
        args=_education_occurrence,
        setup=_education_chairs_it,
    ),
    "committees:close_action": Row(
        allowed=OVERSEERS_AND_MEMBERS,
        denied_status=404,
        post_only=True,
        args=_education_action,
        setup=_education_chairs_it,
    ),
    "committees:edit_meeting": Row(allowed=roles("manager"), args=_education_meeting),
    "committees:cancel_meeting": Row(
        allowed=roles("manager"), post_only=True, args=_education_meeting
    ),
    "committees:attendance": Row(allowed=roles("manager"), args=_education_meeting),
    "committees:leadership": Row(allowed=roles("chair", "manager")),
    "committees:assign_role": Row(allowed=roles("chair"), post_only=True),
    "committees:remove_role": Row(allowed=roles("chair"), post_only=True),
    "committees:plan": Row(allowed=roles("chair", "manager")),
    "committees:late": Row(allowed=roles("chair", "manager")),
    "committees:add_activity": Row(allowed=roles("chair", "manager")),
    "committees:edit_activity": Row(allowed=roles("chair", "manager"), args=_activity),
    "committees:add_area": Row(allowed=roles("chair", "manager")),
    "committees:rename_area": Row(allowed=roles("chair", "manager"), args=_area),
    "committees:policies": Row(allowed=EVERYONE),
    "committees:policy": Row(allowed=EVERYONE, args=lambda people: POLICY),
    "committees:acknowledge": Row(allowed=EVERYONE, post_only=True, args=lambda people: POLICY),
    "committees:policy_missing": Row(allowed=POLICY_FOLLOWERS, args=lambda people: POLICY),
    "committees:publish_policy": Row(allowed=roles("chair", "manager"), args=lambda people: POLICY),
    "committees:new_policy": Row(allowed=roles("chair", "manager")),
}
