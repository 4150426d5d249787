from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "tandem.mentorships"
    label = "mentorships"
    verbose_name = "Mentorships"

    def ready(self):
        from tandem.core import registry
        from tandem.mentorships import sections
        from tandem.mentorships.services import (
            agreements_remind,
            relationships_resume_due,
            requests_expire,
            requests_remind,
        )
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="mentorships", module=sections, order=50)
        registry.register_timeline_kind("agreement", "Agreement", order=10)
        registry.register_job("requests_expired", requests_expire, order=10)
        registry.register_job("request_reminders", requests_remind, order=20)
        registry.register_job("agreement_reminders", agreements_remind, order=30)
        registry.register_job("relationships_resumed", relationships_resume_due, order=40)
        notifications.register_kinds(prefixes=("request",), group=Group.REQUESTS, reminders=("request.reminder",))
        notifications.register_kinds(prefixes=("relationship", "reflection"), group=Group.MENTORSHIPS)
        notifications.register_kinds(prefixes=("agreement",), group=Group.AGREEMENTS, reminders=("agreement.reminder",))
        notifications.register_weekly_audience(sections.weekly_audience)
        notifications.register_weekly_section(
            key="requests", label="Requests waiting for your answer", short="request waiting",
            short_plural="requests waiting", lines=sections.weekly_requests, order=40)
