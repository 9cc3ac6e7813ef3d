from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "Hospital identity (SSO, provisioning, leavers)"
