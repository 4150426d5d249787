from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from tandem.core import signals

        signals.connect_allauth()
