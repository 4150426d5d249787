from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tandem.journal"
    label = "journal"
    verbose_name = "Journal and notes"
