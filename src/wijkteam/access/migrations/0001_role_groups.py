"""The groups that give the roles outside the teams (see ``wijkteam.access.roles``).

The log officer's group comes from the access log app; these are the other three. Their rights
follow from the role checks in the selectors, not from model permissions.
"""

from django.db import migrations

GROUPS = ("Backoffice", "Beleidsadviseur", "Functioneel beheerder")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
