from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "tandem.safety"
    label = "safety"
    verbose_name = "Safety: reports and frozen accounts"

    def ready(self):
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group
        from tandem.safety import sections

        registry.register_sections(label="safety", module=sections, order=110)
        notifications.register_kinds(prefixes=("safety",), group=Group.SAFETY)
