from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from tandem.core import registry
        from tandem.meetings import sections
        from tandem.meetings.services import actions_remind, meetings_remind
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="meetings", module=sections, order=70)
        registry.register_timeline_kind("meeting", "Meetings", order=60)
        registry.register_job("meeting_reminders", meetings_remind, order=60)
        registry.register_job("action_reminders", actions_remind, order=70)
        notifications.register_kinds(prefixes=("meeting",), group=Group.MEETINGS, reminders=("meeting.reminder", "meeting.agenda", "meeting.action_due"))
        notifications.register_weekly_section(
            key="meetings", label="Meetings in the next 7 days", short="meeting",
            short_plural="meetings", lines=sections.weekly_meetings, order=10)
