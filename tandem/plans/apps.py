from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tandem.plans"
    label = "plans"
    verbose_name = "Development plans"

    def ready(self):
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group
        from tandem.plans import sections

        registry.register_sections(label="plans", module=sections, order=60)
        registry.register_timeline_kind("plan", "Development plan", order=30)
        notifications.register_kinds(prefixes=("plan",), group=Group.GROWTH)
