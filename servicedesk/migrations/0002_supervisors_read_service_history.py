"""Supervisors read everything, the history of services (new in sla 0004) included: it shows
on their page of recent changes."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPERVISORS = "Supervisors"
PERMISSION = ("sla", "view_historicalservice")


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are made after every migration has run: make this one now (idempotent).
    create_permissions(global_apps.get_app_config("sla"), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION
    permission = Permission.objects.using(using).get(
        content_type__app_label=app_label, codename=codename
    )
    group, _ = Group.objects.using(using).get_or_create(name=SUPERVISORS)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    app_label, codename = PERMISSION
    for group in Group.objects.using(schema_editor.connection.alias).filter(name=SUPERVISORS):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("servicedesk", "0001_staff_groups"),
        ("sla", "0004_service_history_and_date_index"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
