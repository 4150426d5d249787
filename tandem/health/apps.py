from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "tandem.health"
    label = "health"
    verbose_name = "Relationship health and dashboards"

    def ready(self):
        from tandem.core import registry
        from tandem.health import sections
        from tandem.health.services import health_checks
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="health", module=sections, order=10)
        # Relationship health: nudges when it gets worse, pause notices, automatic pauses.
        registry.register_job("health_checks", health_checks, order=90)
        notifications.register_kinds(prefixes=("health",), group=Group.MENTORSHIPS)
