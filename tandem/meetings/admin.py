"""Meetings in the admin: when, how long, by what channel and in what state, and whose
mentorship it is. Never what the pair wrote or where they meet: no notes, agenda, actions,
place (often a private video link) or cancellation reason."""

from django.contrib import admin

from tandem.core.admin import ReadOnlyAdmin
from tandem.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    # Meetings are scheduled, moved and cancelled on Tandem's pages, which tell the other
    # party and keep the calendar in step: the admin only reads.
    list_display = ["id", "relationship", "mentee", "mentor", "starts_at", "duration_minutes",
                    "channel", "status", "series"]
    list_filter = ["status", "channel"]
    search_fields = ["relationship__mentee__email", "relationship__mentor__email"]
    list_select_related = ["relationship__mentee", "relationship__mentor"]
    date_hierarchy = "starts_at"
    fields = ["id", "relationship", "mentee", "mentor", "series", "starts_at",
              "duration_minutes", "timezone", "channel", "status", "sequence", "created_by",
              "created_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description="Mentee")
    def mentee(self, meeting):
        return meeting.relationship.mentee

    @admin.display(description="Mentor")
    def mentor(self, meeting):
        return meeting.relationship.mentor
