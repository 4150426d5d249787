from django.db import migrations

REASONS = [
    ("No free time right now",
     "Thank you for thinking of me. I do not have the time to mentor well right now, and you "
     "deserve someone who does."),
    ("Not my area",
     "Thank you for asking. What you want to work on is outside what I know best; another "
     "mentor will help you more than I could."),
    ("Full at the moment",
     "Thank you for your request. All my mentoring places are taken at the moment; please "
     "ask someone else, or ask me again in a few months."),
    ("A better match elsewhere",
     "Thank you for reaching out. I think another mentor would fit your goals better, and I "
     "hope you find them here."),
]


def add_reasons(apps, schema_editor):
    DeclineReason = apps.get_model("mentorships", "DeclineReason")
    for position, (label, text) in enumerate(REASONS):
        DeclineReason.objects.get_or_create(label=label, defaults={"text": text,
                                                                   "position": position})


def remove_reasons(apps, schema_editor):
    DeclineReason = apps.get_model("mentorships", "DeclineReason")
    DeclineReason.objects.filter(label__in=[label for label, _ in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("mentorships", "0001_initial")]
    operations = [migrations.RunPython(add_reasons, remove_reasons)]
