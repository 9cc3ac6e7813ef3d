from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from training import notices  # noqa: F401  (registers the training notice kinds)
