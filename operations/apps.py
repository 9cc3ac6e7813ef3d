from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: readiness, metrics, logs with request ids, job status, backups."""

    name = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Request ids travel into tasks; periodic jobs note their last outcome.
        from operations import task_signals  # noqa: F401  (connects the Celery signals)
