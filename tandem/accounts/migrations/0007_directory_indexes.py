# The directory's search at 100,000 people (bench/README.md, "100,000 people").

from django.db import migrations, models

# On SQLite the mentors' index also holds search_text, so a text search reads the index
# instead of every mentor's whole row (a text search over 33,000 mentors: about 15 ms
# instead of 80). Not on PostgreSQL: a B-tree entry must fit in a third of a page, and a
# long bio would make the profile unsavable. Same name, so RemoveIndex still drops it.
SQLITE_WITH_TEXT = (
    'CREATE INDEX "profile_mentor_directory" ON "accounts_profile" ("utc_offset_minutes", '
    '"user_id", "open_to_requests", "mentor_capacity", "places_taken", "display_name", '
    '"experience_years", "created_at", "search_text") WHERE "is_mentor"'
)


def add_search_text_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute('DROP INDEX "profile_mentor_directory"')
        schema_editor.execute(SQLITE_WITH_TEXT)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_user_timezone'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(condition=models.Q(('is_mentor', True)), fields=['utc_offset_minutes', 'user', 'open_to_requests', 'mentor_capacity', 'places_taken', 'display_name', 'experience_years', 'created_at'], name='profile_mentor_directory'),
        ),
        migrations.RunPython(add_search_text_on_sqlite, migrations.RunPython.noop,
                             elidable=True),
        migrations.AddIndex(
            model_name='user',
            index=models.Index(condition=models.Q(('is_active', False)), fields=['id'], name='user_inactive'),
        ),
    ]
