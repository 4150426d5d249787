from django.contrib import admin

from tandem.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that only reads: what it lists changes through Tandem's services
    (which check the rules, tell the people concerned and write the audit log), never
    behind their backs in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "target_type", "target_id", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "action", "target_id", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
