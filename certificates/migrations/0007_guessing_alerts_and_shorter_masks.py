"""Guessing alerts, seen by supervisors; national codes in the inquiry log masked to four digits.

The log kept the first three and last two digits of each code checked ("049*****99"); one of
those is dropped ("04******99"), as on every page from now on. The digit dropped is gone, so
going back leaves the shorter masks in place.
"""

import django.db.models.deletion
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Left, Right

SUPERVISORS = "Supervisors"


def mask_four_digits(apps, schema_editor):
    Inquiry = apps.get_model("certificates", "Inquiry")
    Inquiry.objects.using(schema_editor.connection.alias).filter(
        checked_national_id__regex=r"^[0-9]{3}[*]{5}[0-9]{2}$"
    ).update(
        checked_national_id=Concat(
            Left("checked_national_id", 2), Value("******"), Right("checked_national_id", 2)
        )
    )


def supervisors_see_alerts(apps, schema_editor):
    using = schema_editor.connection.alias
    create_permissions(
        global_apps.get_app_config("certificates"), verbosity=0, using=using, apps=apps
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.using(using).get(
        content_type__app_label="certificates", codename="view_guessingalert"
    )
    for group in Group.objects.using(using).filter(name=SUPERVISORS):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_staff_permissions"),
        ("servicedesk", "0001_staff_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="GuessingAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("number", "certificate number"),
                            ("organisation", "organisation"),
                        ],
                        max_length=12,
                        verbose_name="spent by",
                    ),
                ),
                ("day", models.DateField(verbose_name="day")),
                (
                    "checked_number",
                    models.CharField(blank=True, max_length=64, verbose_name="number checked"),
                ),
                ("channel", models.CharField(max_length=10, verbose_name="last channel")),
                (
                    "failures",
                    models.PositiveIntegerField(verbose_name="checks that matched nothing"),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="raised at")),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="guessing_alerts",
                        to="certificates.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "guessing alert",
                "verbose_name_plural": "guessing alerts",
                "ordering": ["-created"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("scope", "number")),
                        fields=("day", "checked_number"),
                        name="certificates_guessingalert_unique_number_day",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("scope", "organisation")),
                        fields=("day", "organisation"),
                        name="certificates_guessingalert_unique_organisation_day",
                    ),
                ],
            },
        ),
        migrations.RunPython(supervisors_see_alerts, migrations.RunPython.noop),
        migrations.RunPython(mask_four_digits, migrations.RunPython.noop),
    ]
