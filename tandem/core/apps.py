from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from tandem.core import signals
        from tandem.core.forms import refuse_surrogates_in_forms

        signals.connect_allauth()
        refuse_surrogates_in_forms()
