from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_onboarding_hidden_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='welcomed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
