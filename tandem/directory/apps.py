from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "tandem.directory"
    label = "directory"
    verbose_name = "Mentor directory"

    def ready(self):
        from tandem.core import registry
        from tandem.directory import sections

        registry.register_sections(label="directory", module=sections, order=20)
        # Imported on first use by the dashboard; warmed up before the first request.
        registry.register_lazy_module("tandem.directory.suggestions")
        registry.register_lazy_module("tandem.matching.scoring")
