from django.contrib import admin

from tandem.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Delivery facts for support ("did my email go out?"), not the text."""

    list_display = ["id", "recipient", "kind", "group", "created_at", "read_at", "emailed_at"]
    list_filter = ["group", "kind"]
    search_fields = ["recipient__email"]
    list_select_related = ["recipient"]
    fields = ["recipient", "kind", "group", "created_at", "read_at", "emailed_at",
              "awaits_digest"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
