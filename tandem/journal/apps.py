from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tandem.journal"
    label = "journal"
    verbose_name = "Journal and notes"

    def ready(self):
        from tandem.core import registry
        from tandem.journal import sections
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="journal", module=sections, order=90)
        registry.register_timeline_kind("journal", "Journal", order=80)
        registry.register_timeline_kind("note", "Notes", order=90)
        notifications.register_kinds(prefixes=("journal", "note"), group=Group.GROWTH)
