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

    def ready(self) -> None:
        from celery.signals import task_postrun, task_prerun
        from django.contrib.auth.signals import user_logged_in

        from core import audit
        from core.language import adopt_language_at_sign_in

        user_logged_in.connect(adopt_language_at_sign_in, dispatch_uid="core.language.sign_in")

        # A task's audit rows carry its task id, as a view's carry the request's id and IP.
        task_prerun.connect(audit.bind_task, weak=False)
        task_postrun.connect(audit.unbind_task, weak=False)
