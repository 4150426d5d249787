from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "tandem.programs"
    label = "programs"
    verbose_name = "Programs, enrollment and matching runs"

    def ready(self):
        from tandem.core import registry
        from tandem.notifications import registry as notifications
        from tandem.notifications.models import Group
        from tandem.programs import context_processors, sections
        from tandem.programs.services import pairs_expire

        registry.register_sections(label="programs", module=sections, order=30)
        # The page header's figure, cached per person (tandem.core.cache).
        registry.register_header_figure("takes_part_in_program", context_processors.takes_part_expression,
                                        order=30)
        # Program matches waiting for approval past the program's request expiry.
        registry.register_job("program_matches_expired", pairs_expire, order=100)
        notifications.register_kinds(prefixes=("program",), group=Group.MENTORSHIPS)
