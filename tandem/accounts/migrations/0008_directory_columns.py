# The directory's availability and language filters at 100,000 people: columns on the
# profile they read instead of every window and language row (tandem/accounts/weekbits.py).

from collections import defaultdict

from django.db import migrations, models

from tandem.accounts.weekbits import hour_columns, language_codes_text

# As in 0007: on SQLite the mentors' index also holds search_text.
SQLITE_WITH_TEXT = (
    'CREATE INDEX "profile_mentor_directory" ON "accounts_profile" ("utc_offset_minutes", '
    '"user_id", "open_to_requests", "mentor_capacity", "places_taken", "display_name", '
    '"experience_years", "created_at", "language_codes", "avail_any_0", "avail_any_1", '
    '"avail_any_2", "avail_full_0", "avail_full_1", "avail_full_2", "search_text") '
    'WHERE "is_mentor"'
)
FILL = (
    'UPDATE "accounts_profile" SET "avail_any_0" = %s, "avail_any_1" = %s, '
    '"avail_any_2" = %s, "avail_full_0" = %s, "avail_full_1" = %s, "avail_full_2" = %s, '
    '"language_codes" = %s WHERE "id" = %s'
)


def fill(apps, schema_editor):
    """Every profile with windows or languages, computed as the services compute them."""
    Window = apps.get_model("accounts", "AvailabilityWindow")
    Language = apps.get_model("accounts", "ProfileLanguage")
    windows = defaultdict(list)
    for profile_id, start, end in Window.objects.values_list(
            "profile_id", "utc_start", "utc_end").iterator(chunk_size=10_000):
        windows[profile_id].append((start, end))
    codes = defaultdict(list)
    for profile_id, code in Language.objects.values_list("profile_id", "code").iterator(
            chunk_size=10_000):
        codes[profile_id].append(code)
    rows = []
    for profile_id in windows.keys() | codes.keys():
        columns = hour_columns(windows.get(profile_id, ()))
        rows.append((columns["avail_any_0"], columns["avail_any_1"], columns["avail_any_2"],
                     columns["avail_full_0"], columns["avail_full_1"], columns["avail_full_2"],
                     language_codes_text(codes.get(profile_id, ())), profile_id))
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(FILL, rows[start:start + 5000])


def add_search_text_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute('DROP INDEX "profile_mentor_directory"')
        schema_editor.execute(SQLITE_WITH_TEXT)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_directory_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='profile',
            name='profile_mentor_directory',
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_any_0',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_any_1',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_any_2',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_full_0',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_full_1',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='avail_full_2',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='language_codes',
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(condition=models.Q(('is_mentor', True)), fields=['utc_offset_minutes', 'user', 'open_to_requests', 'mentor_capacity', 'places_taken', 'display_name', 'experience_years', 'created_at', 'language_codes', 'avail_any_0', 'avail_any_1', 'avail_any_2', 'avail_full_0', 'avail_full_1', 'avail_full_2'], name='profile_mentor_directory'),
        ),
        migrations.RunPython(add_search_text_on_sqlite, migrations.RunPython.noop,
                             elidable=True),
    ]
