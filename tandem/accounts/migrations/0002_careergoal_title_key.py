# Goal titles are unique per person by casefold(), the same on SQLite and PostgreSQL
# (the Lower() constraint folded ASCII only on SQLite).

from django.db import migrations, models


def fill_title_keys(apps, schema_editor):
    CareerGoal = apps.get_model("accounts", "CareerGoal")
    goals = list(CareerGoal.objects.only("pk", "title"))
    for goal in goals:
        goal.title_key = goal.title.strip().casefold()
    CareerGoal.objects.bulk_update(goals, ["title_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="careergoal",
            name="career_goal_title_unique_per_user",
        ),
        migrations.AddField(
            model_name="careergoal",
            name="title_key",
            field=models.CharField(default="", editable=False, max_length=360),
            preserve_default=False,
        ),
        migrations.RunPython(fill_title_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="careergoal",
            constraint=models.UniqueConstraint(
                fields=("user", "title_key"), name="career_goal_title_unique_per_user",
                violation_error_message="You already have a goal with this title.",
            ),
        ),
    ]
