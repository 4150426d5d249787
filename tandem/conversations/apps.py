from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "tandem.conversations"
    label = "conversations"

    def ready(self):
        from tandem.conversations import context_processors, sections
        from tandem.conversations.services import messages_email_unseen
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group

        registry.register_sections(label="conversations", module=sections, order=120)
        # The page header's figure, cached per person (tandem.core.cache).
        registry.register_header_figure("unread_messages", context_processors.unread_expression,
                                        order=20)
        # Messages unseen for TANDEM_MESSAGE_EMAIL_DELAY_MINUTES: one email per conversation.
        registry.register_job("message_emails", messages_email_unseen, order=110)
        notifications.register_kinds(prefixes=("message",), group=Group.MESSAGES)
