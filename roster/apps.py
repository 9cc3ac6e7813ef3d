from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = "Roster"

    def ready(self) -> None:
        from django.db.models import OuterRef

        from core.access import SUPPORTER_ROLE_STATUSES, register_role_holders
        from core.roles import Role
        from roster import notices, supervision  # noqa: F401  (register the notice kinds)
        from roster.models import LocalLead, SupporterProfile

        register_role_holders(
            Role.LOCAL_LEAD, lambda: LocalLead.objects.filter(user_id=OuterRef("pk"))
        )
        register_role_holders(
            Role.SUPPORTER,
            lambda: SupporterProfile.objects.filter(
                user_id=OuterRef("pk"), status__in=SUPPORTER_ROLE_STATUSES
            ),
        )
