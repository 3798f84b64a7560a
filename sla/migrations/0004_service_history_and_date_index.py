"""Services keep a history like agreement versions (who changed a card, and what), beginning
with one record of each service as it stands; every history table of the app gets its index on
the date again (the staff page of recent changes reads them newest first)."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

BASELINE = "history begins"


def record_service_baseline(apps, schema_editor):
    """One "created" record per existing service, so the first change made afterwards shows
    what it changed."""
    Service = apps.get_model("sla", "Service")
    HistoricalService = apps.get_model("sla", "HistoricalService")
    tracked = [
        f.attname for f in HistoricalService._meta.fields if not f.name.startswith("history_")
    ]
    now = timezone.now()
    HistoricalService.objects.bulk_create(
        HistoricalService(
            history_date=now,
            history_type="+",
            history_change_reason=BASELINE,
            **{attname: getattr(row, attname) for attname in tracked},
        )
        for row in Service.objects.all()
    )


def forget_service_baseline(apps, schema_editor):
    apps.get_model("sla", "HistoricalService").objects.filter(
        history_change_reason=BASELINE
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0003_agreement_history_and_publish_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalagreementsection",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="historicalagreementversion",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="historicalcommitment",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.CreateModel(
            name="HistoricalService",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "service_id",
                    models.CharField(
                        db_index=True,
                        help_text="The eleven-digit ID of the service in the national registry of services.",
                        max_length=11,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9]{11}$",
                                "A service ID has exactly eleven digits.",
                                code="invalid_service_id",
                            )
                        ],
                        verbose_name="service ID",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "title_en",
                    models.CharField(blank=True, max_length=200, verbose_name="title in English"),
                ),
                ("summary", models.TextField(verbose_name="summary")),
                ("summary_en", models.TextField(blank=True, verbose_name="summary in English")),
                ("description", models.TextField(verbose_name="full description")),
                ("provider", models.CharField(max_length=200, verbose_name="providing agency")),
                ("parent_agency", models.CharField(max_length=200, verbose_name="parent agency")),
                (
                    "service_type",
                    models.CharField(
                        choices=[
                            ("g2c", "Government to citizen (G2C)"),
                            ("g2b", "Government to business (G2B)"),
                            ("g2g", "Government to government (G2G)"),
                        ],
                        max_length=8,
                        verbose_name="type of service",
                    ),
                ),
                (
                    "nature",
                    models.CharField(
                        choices=[("sovereign", "Sovereign"), ("operational", "Operational")],
                        max_length=16,
                        verbose_name="nature of service",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("national", "National"),
                            ("provincial", "Provincial"),
                            ("city", "City"),
                        ],
                        max_length=16,
                        verbose_name="level of service",
                    ),
                ),
                (
                    "life_event",
                    models.CharField(blank=True, max_length=200, verbose_name="related life event"),
                ),
                (
                    "trigger",
                    models.CharField(
                        choices=[
                            ("applicant_request", "The applicant's request"),
                            ("date", "A set date"),
                            ("event", "An event"),
                            ("agency_decision", "The agency's decision"),
                        ],
                        max_length=24,
                        verbose_name="how the service starts",
                    ),
                ),
                (
                    "cost_rials",
                    models.PositiveBigIntegerField(
                        default=0,
                        help_text="Zero means the service is free.",
                        verbose_name="cost in rials",
                    ),
                ),
                (
                    "payment_method",
                    models.CharField(blank=True, max_length=300, verbose_name="how to pay"),
                ),
                (
                    "delivery_working_days",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Zero means the service is delivered immediately.",
                        verbose_name="promised delivery time in working days",
                    ),
                ),
                (
                    "validity",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="validity of the result"
                    ),
                ),
                (
                    "frequency_per_year",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="frequency (requests per year)"
                    ),
                ),
                (
                    "in_person_visits",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="number of in-person visits"
                    ),
                ),
                (
                    "informing_online",
                    models.BooleanField(default=False, verbose_name="informing is electronic"),
                ),
                (
                    "request_online",
                    models.BooleanField(default=False, verbose_name="the request is electronic"),
                ),
                (
                    "production_online",
                    models.BooleanField(default=False, verbose_name="production is electronic"),
                ),
                (
                    "delivery_online",
                    models.BooleanField(default=False, verbose_name="delivery is electronic"),
                ),
                ("online_url", models.URLField(blank=True, verbose_name="online entry address")),
                ("where_to_apply", models.TextField(blank=True, verbose_name="where to apply")),
                (
                    "opening_hours",
                    models.CharField(blank=True, max_length=200, verbose_name="opening hours"),
                ),
                (
                    "responsible_unit",
                    models.CharField(max_length=200, verbose_name="responsible unit"),
                ),
                ("contact", models.CharField(blank=True, max_length=200, verbose_name="contact")),
                (
                    "survey_slug",
                    models.SlugField(
                        blank=True,
                        help_text="The address name of this service's survey (/surveys/<name>/), if it has one.",
                        verbose_name="survey",
                    ),
                ),
                (
                    "last_reviewed",
                    models.DateField(blank=True, null=True, verbose_name="last reviewed"),
                ),
                ("is_published", models.BooleanField(default=False, verbose_name="published")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sla.service",
                        verbose_name="parent service",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical service",
                "verbose_name_plural": "historical services",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(record_service_baseline, forget_service_baseline, elidable=True),
    ]
