"""Functional administrators may reset a user's two-step verification in the admin.

Resetting is deleting the user's authenticator app (django-otp's TOTP device); viewing the list
and clearing a throttled device need view and change. Adding one is not given: users set up
their own app, so its secret is never seen by anyone else.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Functioneel beheerder"
CODENAMES = ("view_totpdevice", "change_totpdevice", "delete_totpdevice")


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make otp_totp's now.
    app_config = apps.get_app_config("otp_totp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="otp_totp", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="otp_totp", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("access", "0001_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
