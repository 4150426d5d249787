"""Programs in the admin: names, dates and counts only (no answers, no reasons)."""

from django.contrib import admin
from django.db.models import Count

from tandem.core.admin import ReadOnlyAdmin
from tandem.core.cache import header_changed
from tandem.programs.models import ImportJob, Invitation, MatchingRun, Participant, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "applications_open", "applications_close", "starts_on",
                    "ends_on", "join_rule")
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)
    exclude = ("weights",)

    # The header shows "Programs" to a program's coordinators and participants: a change
    # of coordinators here, or a program deleted, changes it (tandem.core.cache).
    def save_related(self, request, form, formsets, change):
        before = set(form.instance.coordinators.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.coordinators.values_list("pk", flat=True))
        header_changed(*(before ^ after))

    def delete_model(self, request, obj):
        header_changed(*_people_of(Program.objects.filter(pk=obj.pk)))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        header_changed(*_people_of(queryset))
        super().delete_queryset(request, queryset)


def _people_of(programs) -> set[int]:
    return (set(Program.coordinators.through.objects.filter(program__in=programs)
                .values_list("user_id", flat=True))
            | set(Participant.objects.filter(program__in=programs)
                  .values_list("user_id", flat=True)))


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    """Applications and participations: who, in which role and state. Not the answers to
    the program's questions, nor the team."""

    list_display = ["id", "program", "user", "role", "status", "source", "capacity",
                    "created_at"]
    list_filter = ["role", "status", "source"]
    search_fields = ["user__email", "program__name"]
    list_select_related = ["program", "user"]
    fields = ["id", "program", "user", "role", "status", "source", "capacity", "answer_count",
              "created_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description="Answers")
    def answer_count(self, participant):
        return len(participant.answers or [])


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["id", "program", "email", "role", "status", "invited_by", "created_at",
                    "answered_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "program__name"]
    list_select_related = ["program", "invited_by"]
    fields = ["id", "program", "email", "role", "capacity", "status", "invited_by",
              "created_at", "answered_at"]
    readonly_fields = fields


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """An import's progress in counts. Not the file's rows, nor the row errors (they quote
    the rows' values)."""

    list_display = ["id", "program", "filename", "status", "total_rows", "valid_rows",
                    "imported_rows", "error_count", "created_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["program__name", "filename"]
    list_select_related = ["program", "created_by"]
    fields = ["id", "program", "filename", "status", "total_rows", "processed_rows",
              "valid_rows", "imported_rows", "error_count", "import_valid", "created_by",
              "created_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description="Rows with errors")
    def error_count(self, job):
        return len({error.get("row") for error in job.errors or [] if isinstance(error, dict)})


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    """A run's figures. Not the scores' parts per pair, nor why each person stayed
    unmatched: the coordinator's review page shows those."""

    list_display = ["id", "program", "number", "status", "mode", "mentees", "mentors",
                    "pair_count", "total_score", "started_by", "created_at", "published_at"]
    list_filter = ["status", "mode"]
    search_fields = ["program__name"]
    list_select_related = ["program", "started_by"]
    fields = ["id", "program", "number", "status", "mode", "mentees", "mentors", "pair_count",
              "unmatched_count", "total_score", "error", "started_by", "created_at",
              "finished_at", "published_at", "published_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pairs_total=Count("pairs"))

    @admin.display(description="Pairs", ordering="pairs_total")
    def pair_count(self, run):
        return run.pairs_total

    @admin.display(description="Unmatched")
    def unmatched_count(self, run):
        return len(run.unmatched or {})
