"""Matching runs are numbered per program: a program's first run is "Run #1". Existing
runs are numbered in the order they were made, program by program (0005 then makes the
number required and unique, in its own transaction, as PostgreSQL wants after an update)."""

from django.db import migrations, models


def number_runs(apps, schema_editor):
    MatchingRun = apps.get_model("programs", "MatchingRun")
    numbers: dict[int, int] = {}
    for run in MatchingRun.objects.order_by("program_id", "created_at", "id").only(
            "pk", "program_id"):
        numbers[run.program_id] = numbers.get(run.program_id, 0) + 1
        MatchingRun.objects.filter(pk=run.pk).update(number=numbers[run.program_id])


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0003_match_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchingrun",
            name="number",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(number_runs, migrations.RunPython.noop),
    ]
