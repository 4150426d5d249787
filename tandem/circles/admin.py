"""Circles in the admin: figures only (topic, kind, state, counts, dates). Posts, notes,
agendas, agreements and resources are the members' and are not registered."""

from django.contrib import admin

from tandem.circles.models import Circle


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ["topic", "is_peer", "state", "member_count", "size_limit", "program",
                    "last_activity_at", "created_at"]
    list_filter = ["state", "is_peer", "join_mode"]
    search_fields = ["topic"]
    fields = ["topic", "is_peer", "state", "join_mode", "member_count", "size_limit",
              "program", "meeting_every_weeks", "meeting_minutes", "meeting_channel",
              "last_activity_at", "closed_at", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
