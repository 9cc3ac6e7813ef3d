from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: people, roles, the audit log and the notification outbox.

    Its label stays "peersupport" (the package was called that before the apps were layered), so
    its tables, migrations and the user model's label `peersupport.User` are unchanged and an
    existing installation upgrades without a data migration.
    """

    name = "core"
    label = "peersupport"
    verbose_name = "Peer Support program"
