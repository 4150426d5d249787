from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def copy_timezones(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("accounts", "Profile")
    zone = Profile.objects.filter(user_id=OuterRef("pk")).values("timezone")[:1]
    User.objects.update(timezone=Coalesce(Subquery(zone), Value("UTC")))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_profile_welcomed_at")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="timezone",
            field=models.CharField(default="UTC", editable=False, max_length=64),
        ),
        migrations.RunPython(copy_timezones, migrations.RunPython.noop, elidable=True),
    ]
