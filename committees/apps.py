from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees and governance"

    def ready(self) -> None:
        from committees import notices  # noqa: F401  (registers the meeting notice kinds)
