from django.apps import AppConfig


class SupportRequestsConfig(AppConfig):
    name = "support_requests"
    verbose_name = "Support requests"

    def ready(self) -> None:
        from support_requests import notices  # noqa: F401  (registers the request notice kinds)
