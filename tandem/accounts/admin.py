from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from tandem.accounts import services
from tandem.accounts.choices import Channel, timezone_choices
from tandem.accounts.models import (
    AccessToken,
    AvailabilityWindow,
    CareerGoal,
    Profile,
    ProfileLanguage,
    Tag,
    User,
)
from tandem.core.errors import ValidationFailed
from tandem.core.forms import apply_errors
from tandem.core.widgets import LongSelect


class ProfileAdminForm(forms.ModelForm):
    """The profile as staff edit it: a timezone from the list (an unknown one breaks every
    page that shows the person), channels from the fixed set, and the services' own rules
    checked before anything is saved."""

    timezone = forms.ChoiceField(widget=LongSelect, choices=timezone_choices)

    class Meta:
        model = Profile
        fields = ["display_name", "headline", "bio", "is_mentee", "is_mentor", "skills_offered",
                  "skills_wanted", "interests", "industries", "timezone", "location",
                  "experience_years", "mentor_capacity", "open_to_requests", "meeting_channels",
                  "feedback_format", "feedback_style", "feedback_timing", "feedback_notes"]

    def clean(self):
        cleaned = super().clean()
        changes = {name: cleaned[name] for name in self.changed_data
                   if name in services.PROFILE_FIELDS and name in cleaned}
        if changes and not self.errors:
            try:
                services.profile_check(profile=self.instance, changes=changes)
            except ValidationFailed as exc:
                apply_errors(self, exc)
        return cleaned


class ProfileChannelsForm(ProfileAdminForm):
    meeting_channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple)

    def clean_meeting_channels(self):
        chosen = self.cleaned_data["meeting_channels"]
        return [c for c in Channel.values if c in chosen]  # the order profile_update keeps


def refresh_profile(request, form, profile, formsets=()) -> None:
    """After the admin saved a profile form and its inlines: derived columns and an audit
    entry. An inline counts as a field: changing only the languages changes the column
    the directory's language filter reads."""
    fields = [*form.changed_data, *(f.prefix for f in formsets if f.has_changed())]
    if fields:
        services.profile_refresh_derived(actor=request.user, profile=profile, fields=fields)


class ProfileInline(admin.StackedInline):
    model = Profile
    form = ProfileAdminForm
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
    # Facts, not settings: shown as text, not as split date and time inputs (which have no
    # label of their own). Groups and permissions in plain labelled lists: the two-box
    # filter widget puts ARIA labels on bare spans and inline styles the CSP blocks.
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "password1", "password2"]})]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Profile:
            for profile_form in formset.forms:
                if profile_form.instance.pk is not None:
                    refresh_profile(request, profile_form, profile_form.instance)


class LanguageInline(admin.TabularInline):
    model = ProfileLanguage
    extra = 0


class AvailabilityInline(admin.TabularInline):
    # Shown, not edited: windows are checked and converted to UTC by availability_replace,
    # which the person reaches from their own availability page.
    model = AvailabilityWindow
    extra = 0
    fields = readonly_fields = ["weekday", "start_minute", "end_minute", "utc_start", "utc_end"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    form = ProfileChannelsForm
    list_display = ["display_name", "user", "is_mentee", "is_mentor", "timezone",
                    "places_taken", "mentor_capacity", "open_to_requests", "updated_at"]
    list_filter = ["is_mentee", "is_mentor", "open_to_requests", "feedback_format"]
    search_fields = ["display_name", "headline", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["skills_offered", "skills_wanted", "interests", "industries"]
    readonly_fields = ["user", "places_taken", "utc_offset_minutes", "created_at", "updated_at"]
    exclude = ["search_text"]
    inlines = [LanguageInline, AvailabilityInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the tags are saved: the search text includes skills and industries.
        refresh_profile(request, form, form.instance, formsets)


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

    def has_delete_permission(self, request, obj=None):
        # Goals are deleted by their owner, never one by one by staff. Deleting a whole
        # account in the admin still takes its goals along (that asks this too, from the
        # user's delete page).
        match = getattr(request, "resolver_match", None)
        own_page = bool(match and match.url_name
                        and match.url_name.startswith(f"{self.opts.app_label}_{self.opts.model_name}_"))
        return not own_page and super().has_delete_permission(request, obj)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "hint"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only: a revoked token must stay revoked (clearing revoked_at would revive
        # it). Staff revoke tokens with the "Revoke" action, through token_revoke.
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["revoke"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            services.token_revoke(actor=request.user, token=token)
        self.message_user(request, f"{len(tokens)} token(s) revoked.", messages.SUCCESS)

    def has_revoke_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")
