from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from tandem.accounts.models import (
    AccessToken,
    AvailabilityWindow,
    CareerGoal,
    Profile,
    ProfileLanguage,
    Tag,
    User,
)


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["display_name", "headline", "is_mentee", "is_mentor", "timezone",
              "mentor_capacity", "places_taken", "open_to_requests"]
    readonly_fields = ["places_taken"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_coordinator", "is_staff", "is_active",
                    "date_joined", "last_login"]
    list_filter = ["is_coordinator", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "profile__display_name"]
    list_select_related = ["profile"]
    inlines = [ProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Roles", {"fields": ["is_active", "is_coordinator", "is_staff", "is_superuser",
                              "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "password1", "password2"]})]


class LanguageInline(admin.TabularInline):
    model = ProfileLanguage
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = AvailabilityWindow
    extra = 0
    readonly_fields = ["utc_start", "utc_end"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "is_mentee", "is_mentor", "timezone",
                    "places_taken", "mentor_capacity", "open_to_requests", "updated_at"]
    list_filter = ["is_mentee", "is_mentor", "open_to_requests", "feedback_format"]
    search_fields = ["display_name", "headline", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["skills_offered", "skills_wanted", "interests", "industries"]
    readonly_fields = ["user", "places_taken", "utc_offset_minutes", "created_at", "updated_at"]
    exclude = ["search_text"]
    inlines = [LanguageInline, AvailabilityInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "mentors"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mentor_count=Count("offered_by"))

    @admin.display(ordering="mentor_count", description="Mentors offering it")
    def mentors(self, obj):
        return obj.mentor_count


@admin.register(CareerGoal)
class CareerGoalAdmin(admin.ModelAdmin):
    # Goals are the mentee's own writing: staff see that they exist, not what they say.
    list_display = ["user", "horizon", "visibility", "created_at"]
    list_filter = ["horizon", "visibility"]
    search_fields = ["user__email"]
    fields = ["user", "horizon", "visibility", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "hint"]
    readonly_fields = ["user", "name", "hint", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
