"""Staff see that mentorships exist and how they are going (states, dates), never what
the pair wrote to each other: no message, reflection or agreement text here."""

from django.contrib import admin

from tandem.core.admin import ReadOnlyAdmin
from tandem.mentorships.models import DeclineReason, MentorshipRequest, Relationship


@admin.register(DeclineReason)
class DeclineReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "active", "position"]
    list_editable = ["active", "position"]
    search_fields = ["label", "text"]


@admin.register(MentorshipRequest)
class MentorshipRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "mentee", "mentor", "state", "created_at", "first_response_at",
                    "expires_at"]
    list_filter = ["state"]
    search_fields = ["mentee__email", "mentor__email"]
    list_select_related = ["mentee", "mentor"]
    fields = ["mentee", "mentor", "state", "proposed_cadence", "proposed_channel",
              "created_at", "first_response_at", "expires_at", "closed_at"]
    date_hierarchy = "created_at"


@admin.register(Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ["id", "mentee", "mentor", "state", "started_at", "paused_until", "ended_at"]
    list_filter = ["state"]
    search_fields = ["mentee__email", "mentor__email"]
    list_select_related = ["mentee", "mentor"]
    fields = ["mentee", "mentor", "state", "started_at", "paused_until", "ended_at"]
    date_hierarchy = "started_at"
