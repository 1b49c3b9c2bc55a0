"""Seeds the monitor's 20 questions (seed 003, appendix 4) and creates the group of the
knowledge-network coordinator (``wijkteam.access.roles.Role.NETWORK_COORDINATOR``)."""

from django.db import migrations

# A later change of wording in questions.py needs a new data migration: answers refer to these.
from wijkteam.knowledgenetwork.questions import QUESTIONS

GROUP = "Kenniskring-coördinator"
LETTERS = "abcdefghij"


def seed(apps, schema_editor):
    Question = apps.get_model("knowledgenetwork", "Question")
    Option = apps.get_model("knowledgenetwork", "Option")
    for number, section, kind, text, label, options in QUESTIONS:
        question, _created = Question.objects.update_or_create(
            number=number,
            defaults={
                "text": text,
                "kind": kind,
                "section": section,
                "text_label": label,
                "order": number,
            },
        )
        for index, (option_text, is_other) in enumerate(options):
            Option.objects.update_or_create(
                question=question,
                letter=LETTERS[index],
                defaults={"text": option_text, "is_other": is_other, "order": index + 1},
            )
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def unseed(apps, schema_editor):
    apps.get_model("knowledgenetwork", "Question").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledgenetwork", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
