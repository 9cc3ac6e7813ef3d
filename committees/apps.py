from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees and governance"

    def ready(self) -> None:
        from django.db.models import OuterRef

        from committees import notices  # noqa: F401  (registers the meeting notice kinds)
        from committees.calendar import meeting_events
        from committees.models import CommitteeMembership
        from core.access import register_role_holders
        from core.calendar import register_personal_events
        from core.roles import Role

        register_role_holders(
            Role.COMMITTEE_MEMBER,
            lambda: CommitteeMembership.objects.filter(user_id=OuterRef("pk")),
        )
        register_personal_events(meeting_events)
        from committees.services import record_agreement_signed_on_roster
        from core.agreements import register_agreement_recorder

        register_agreement_recorder(record_agreement_signed_on_roster)
