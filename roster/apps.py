from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = "Roster"

    def ready(self) -> None:
        from roster import notices  # noqa: F401  (registers the roster's notice kinds)
