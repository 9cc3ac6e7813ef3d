from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: readiness, metrics, logs with request ids, job status, backups."""

    name = "operations"
    verbose_name = "Operations"
