from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0004_run_number"),
    ]

    operations = [
        migrations.AlterField(
            model_name="matchingrun",
            name="number",
            field=models.PositiveIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.UniqueConstraint(fields=("program", "number"),
                                               name="one_run_number"),
        ),
    ]
