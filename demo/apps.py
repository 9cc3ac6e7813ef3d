from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and the tests; never installed in production (DEBUG off)."""

    name = "demo"
    verbose_name = "Demo hospital"
