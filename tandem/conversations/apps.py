from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "tandem.conversations"
    label = "conversations"
