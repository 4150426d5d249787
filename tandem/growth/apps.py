from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "tandem.growth"
    label = "growth"
    verbose_name = "Growth: goals and milestones"

    def ready(self):
        from tandem.core import registry
        from tandem.growth import sections
        from tandem.growth.selectors import goals_shared_with
        from tandem.mentorships.selectors import register_goal_sharing
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="growth", module=sections, order=40)
        registry.register_timeline_kind("goal", "Goals and milestones", order=20)
        registry.register_timeline_kind("assessment", "Strengths and growth areas", order=40)
        notifications.register_kinds(prefixes=("goal", "assessment"), group=Group.GROWTH)
        register_goal_sharing(goals_shared_with)
