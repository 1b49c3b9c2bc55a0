"""The group "Logbeheerder" (log officer): reads the access log, nothing else."""

from django.db import migrations

GROUP = "Logbeheerder"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; this one is needed now,
    # and the post-migrate step will find it already there.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="audit", model="accesslogentry"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_accesslogentry",
        defaults={"name": "Can view access log entry"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
