"""Agreement versions, their sections and commitments keep a history (who changed what, and
who published), beginning with one record of each row as it stands; publishing needs its own
permission."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

BASELINE = "history begins"
RECORDED = ("AgreementVersion", "AgreementSection", "Commitment")


def record_history_baseline(apps, schema_editor):
    """One "created" record per existing row, so the first change made afterwards shows what
    it changed."""
    now = timezone.now()
    for name in RECORDED:
        model = apps.get_model("sla", name)
        historical = apps.get_model("sla", f"Historical{name}")
        tracked = [f.attname for f in historical._meta.fields if not f.name.startswith("history_")]
        historical.objects.bulk_create(
            historical(
                history_date=now,
                history_type="+",
                history_change_reason=BASELINE,
                **{attname: getattr(row, attname) for attname in tracked},
            )
            for row in model.objects.all()
        )


def forget_history_baseline(apps, schema_editor):
    for name in RECORDED:
        apps.get_model("sla", f"Historical{name}").objects.filter(
            history_change_reason=BASELINE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0002_first_agreement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agreementversion",
            options={
                "ordering": ["-effective_from", "-id"],
                "permissions": [("publish_agreementversion", "Can publish an agreement version")],
                "verbose_name": "agreement version",
                "verbose_name_plural": "agreement versions",
            },
        ),
        migrations.CreateModel(
            name="HistoricalAgreementSection",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("heading", models.CharField(max_length=300, verbose_name="heading")),
                ("body", models.TextField(verbose_name="text")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField()),
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
                    "version",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sla.agreementversion",
                        verbose_name="agreement version",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical section",
                "verbose_name_plural": "historical sections",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreementVersion",
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
                ("title", models.CharField(max_length=300, verbose_name="title")),
                (
                    "caption",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="caption above the title"
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="circular or instruction"
                    ),
                ),
                (
                    "reference_date",
                    models.DateField(blank=True, null=True, verbose_name="date of the circular"),
                ),
                (
                    "effective_from",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: from the moment it is published. Never earlier than publication.",
                        null=True,
                        verbose_name="in force from",
                    ),
                ),
                (
                    "effective_to",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="in force until"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="published at"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField()),
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
            ],
            options={
                "verbose_name": "historical agreement version",
                "verbose_name_plural": "historical agreement versions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCommitment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("inquiry_answer", "Answer to a manual inquiry"),
                            ("feedback_answer", "Answer to a suggestion or complaint"),
                            ("availability", "Online availability"),
                            ("satisfaction", "Satisfaction"),
                            ("other", "Other promise"),
                        ],
                        max_length=24,
                        verbose_name="kind",
                    ),
                ),
                (
                    "working_days",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="working days"
                    ),
                ),
                (
                    "target",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="For satisfaction: the lowest average score promised, out of 5.",
                        max_digits=5,
                        null=True,
                        verbose_name="target",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=300, verbose_name="promise in words"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField()),
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
                    "service",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Empty: the default for every service without a commitment of this kind.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sla.service",
                        verbose_name="service",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sla.agreementversion",
                        verbose_name="agreement version",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical commitment",
                "verbose_name_plural": "historical commitments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(record_history_baseline, forget_history_baseline, elidable=True),
    ]
