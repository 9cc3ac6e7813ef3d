from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from reports import services
        from support_requests.signals import interventions_changed

        # A corrected or deleted intervention reaches the monthly rollups in its own transaction.
        interventions_changed.connect(services.follow_changes, dispatch_uid="reports-rollup")
