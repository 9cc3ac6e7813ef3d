from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from core.calendar import register_personal_events
        from training import notices  # noqa: F401  (registers the training notice kinds)
        from training.calendar import session_events

        register_personal_events(session_events)
