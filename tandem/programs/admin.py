"""Programs in the admin: names, dates and counts only (no answers, no reasons)."""

from django.contrib import admin

from tandem.programs.models import Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "applications_open", "applications_close", "starts_on",
                    "ends_on", "join_rule")
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)
    exclude = ("weights",)
