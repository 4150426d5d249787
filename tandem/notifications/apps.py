from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tandem.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from tandem.core import registry
        from tandem.notifications import context_processors, sections
        from tandem.notifications.digests import daily_digests_send, weekly_digests_send

        registry.register_sections(label="notifications", module=sections, order=210)
        # The page header's figure, cached per person (tandem.core.cache).
        registry.register_header_figure("unread_notifications", context_processors.unread_expression,
                                        order=10)
        # After the reminders, so a reminder due now can be part of today's digest.
        registry.register_job("daily_digests", daily_digests_send, order=900)
        registry.register_job("weekly_digests", weekly_digests_send, order=910)
