"""Read-only admin lists: ids, dates and states, never the words of a report. Reports are
reviewed, and accounts frozen, on Tandem's own pages, which write the audit log."""

from django.contrib import admin

from tandem.core.admin import ReadOnlyAdmin
from tandem.safety.models import Freeze, Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["id", "category", "subject", "scope", "status", "reported_user_id",
                    "created_at", "closed_at"]
    list_filter = ["status", "category", "scope"]
    fields = ["id", "category", "subject", "scope", "status", "reported_user_id",
              "relationship_id", "created_at", "reviewed_at", "closed_at", "action_taken"]
    readonly_fields = fields


@admin.register(Freeze)
class FreezeAdmin(ReadOnlyAdmin):
    list_display = ["id", "user_id", "created_at", "unfrozen_at", "report_id"]
    fields = ["id", "user_id", "frozen_by_id", "created_at", "report_id", "unfrozen_at",
              "unfrozen_by_id"]
    readonly_fields = fields
