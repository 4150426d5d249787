from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tandem.directory"
    label = "directory"
    verbose_name = "Mentor directory"
