from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "tandem.advocacy"
    label = "advocacy"
    verbose_name = "Advocacy: opportunities, introductions, resources"

    def ready(self):
        from tandem.advocacy import sections
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="advocacy", module=sections, order=100)
        registry.register_timeline_kind("advocacy", "Opportunities, introductions and resources", order=100)
        notifications.register_kinds(prefixes=("advocacy",), group=Group.ADVOCACY)
