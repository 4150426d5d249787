from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tandem.feedback"
    label = "feedback"
    verbose_name = "Feedback and progress reports"

    def ready(self):
        from tandem.core import registry
        from tandem.feedback import sections
        from tandem.feedback.services import reports_remind
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="feedback", module=sections, order=80)
        registry.register_timeline_kind("feedback", "Feedback", order=50)
        registry.register_timeline_kind("report", "Progress reports", order=70)
        registry.register_job("report_reminders", reports_remind, order=80)
        notifications.register_kinds(prefixes=("report",), group=Group.REPORTS, reminders=("report.due", "report.overdue"))
        notifications.register_kinds(prefixes=("feedback",), group=Group.GROWTH)
        notifications.register_weekly_section(
            key="reports", label="Progress reports to write", short="report due",
            short_plural="reports due", lines=sections.weekly_reports, order=20)
        notifications.register_weekly_section(
            key="feedback", label="Feedback asked of you", short="feedback request",
            short_plural="feedback requests", lines=sections.weekly_feedback_asked, order=30)
