from tests.access.rows import EVERYONE, Row, roles

MANAGERS_OF_ICU = roles("icu_lead", "central", "manager")


def _icu_supporter(people):
    return [people.icu_supporter_profile.pk]


def _invitation_of_staff(people):
    from roster.models import JobRoleType, Nomination

    nomination = Nomination.objects.create(
        nominee=people.staff,
        nominated_by=people.icu_lead,
        unit=people.icu,
        role_type=JobRoleType.NURSE,
    )
    return [nomination.pk]


def _shift_of_supporter(people):
    import datetime

    from django.utils import timezone

    from roster.models import OnCallShift

    starts = timezone.now() + datetime.timedelta(days=1)
    shift = OnCallShift.objects.create(
        supporter=people.supporter, starts_at=starts, ends_at=starts + datetime.timedelta(hours=8)
    )
    return [shift.pk]


def _offer_of_staff(people):
    from roster.models import Volunteering

    return [
        Volunteering.objects.create(volunteer=people.staff, unit=people.icu, role_type="nurse").pk
    ]


MATRIX = {
    "roster:directory": Row(allowed=roles("icu_lead", "ed_lead", "central", "manager")),
    "roster:coverage": Row(allowed=roles("icu_lead", "ed_lead", "central", "manager")),
    "roster:export": Row(allowed=roles("manager")),
    "roster:import": Row(allowed=roles("manager")),
    "roster:confirm_import": Row(allowed=roles("manager"), post_only=True),
    "roster:on_call": Row(allowed=roles("central", "manager")),
    "roster:nominations": Row(allowed=roles("icu_lead", "ed_lead", "central")),
    "roster:nominate": Row(allowed=roles("icu_lead", "ed_lead", "central")),
    # A supporter of the ICU: its lead, the central lead and the manager; everyone else gets 404,
    # the ED lead included, exactly as for a supporter that does not exist.
    "roster:supporter": Row(allowed=MANAGERS_OF_ICU, denied_status=404, args=_icu_supporter),
    "roster:edit_supporter": Row(allowed=MANAGERS_OF_ICU, denied_status=404, args=_icu_supporter),
    "roster:change_status": Row(
        allowed=MANAGERS_OF_ICU, denied_status=404, args=_icu_supporter, post_only=True
    ),
    # An invitation is the nominee's alone.
    "roster:volunteer": Row(allowed=EVERYONE),
    "roster:volunteers": Row(allowed=roles("icu_lead", "ed_lead", "central")),
    # An ICU staff member's offer: only the ICU lead and the central lead may decide on it.
    "roster:approve_volunteer": Row(
        allowed=roles("icu_lead", "central"),
        denied_status=404,
        post_only=True,
        args=_offer_of_staff,
    ),
    "roster:refuse_volunteer": Row(
        allowed=roles("icu_lead", "central"),
        denied_status=404,
        post_only=True,
        args=_offer_of_staff,
    ),
    "roster:invitation": Row(allowed=roles("staff"), denied_status=404, args=_invitation_of_staff),
    "roster:decline_invitation": Row(
        allowed=roles("staff"), denied_status=404, args=_invitation_of_staff, post_only=True
    ),
    "roster:me": Row(allowed=EVERYONE),
    "roster:set_availability": Row(allowed=roles("supporter"), post_only=True),
    "roster:pause": Row(allowed=roles("supporter"), post_only=True),
    "roster:resume": Row(allowed=roles("supporter"), post_only=True),
    "roster:leave": Row(allowed=roles("supporter"), post_only=True),
    "roster:sign_up_shift": Row(allowed=roles("supporter"), post_only=True),
    "roster:cancel_shift": Row(
        allowed=roles("supporter"), denied_status=404, args=_shift_of_supporter, post_only=True
    ),
}


def _pending_grant(people):
    from roster.models import GrantedRole, RoleGrant

    grant = RoleGrant.objects.create(
        user=people.staff, role=GrantedRole.LOCAL_LEAD, unit=people.icu, requested_by=people.chair
    )
    return [grant.pk]


GRANTERS = roles("chair", "manager", "central")
MATRIX.update(
    {
        "roster:grants": Row(allowed=GRANTERS),
        "roster:propose_grant": Row(allowed=GRANTERS, post_only=True),
        "roster:confirm_grant": Row(allowed=GRANTERS, post_only=True, args=_pending_grant),
        "roster:refuse_grant": Row(allowed=GRANTERS, post_only=True, args=_pending_grant),
        "roster:end_role": Row(allowed=GRANTERS, post_only=True),
    }
)


def _education_supervises_icu_supporter(people):
    from roster.supervision_models import SupervisionRecord

    # Several rows share this set-up (and the demo may already name a supervisor): one record.
    SupervisionRecord.objects.update_or_create(
        profile=people.icu_supporter_profile, defaults={"supervisor": people.education}
    )


# Supervision: the program manager and central leads see everyone's; a supervisor (here the
# education member) sees their supervisees'; anyone else gets 403 on the list, 404 on a record.
SUPERVISION_READERS = roles("central", "manager", "education")
MATRIX.update(
    {
        "roster:supervision": Row(
            allowed=SUPERVISION_READERS, setup=_education_supervises_icu_supporter
        ),
        "roster:supervision_record": Row(
            allowed=SUPERVISION_READERS,
            denied_status=404,
            args=_icu_supporter,
            setup=_education_supervises_icu_supporter,
        ),
    }
)
