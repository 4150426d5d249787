from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "tandem.circles"
    label = "circles"

    def ready(self):
        from tandem.circles import sections
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="circles", module=sections, order=130)
        notifications.register_kinds(prefixes=("circle",), group=Group.CIRCLES)
