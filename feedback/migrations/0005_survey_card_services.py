"""The survey a service's ID card invites to is chosen on the survey (``card_services``) instead
of on the service (``sla.Service.survey_slug``, dropped by sla's next migration, which this one
runs before): every slug a card named moves over to the survey of that slug."""

from django.db import migrations, models


def slugs_to_surveys(apps, schema_editor):
    Service = apps.get_model("sla", "Service")
    Survey = apps.get_model("feedback", "Survey")
    surveys = {survey.slug: survey for survey in Survey.objects.all()}
    for service in Service.objects.exclude(survey_slug=""):
        survey = surveys.get(service.survey_slug)
        if survey is not None:
            survey.card_services.add(service)


def surveys_to_slugs(apps, schema_editor):
    Service = apps.get_model("sla", "Service")
    Survey = apps.get_model("feedback", "Survey")
    # A service invited to from several surveys keeps the newest one's slug (one field).
    for survey in Survey.objects.order_by("opens_at", "id"):
        Service.objects.filter(pk__in=survey.card_services.all()).update(survey_slug=survey.slug)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_casework_field_names"),
        ("sla", "0004_service_history_and_date_index"),
    ]
    # sla knows nothing of feedback: the order is declared here.
    run_before = [("sla", "0005_remove_service_survey_slug")]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="card_services",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Services whose ID card invites to this survey when they have no open "
                    "survey of their own."
                ),
                related_name="+",
                to="sla.service",
                verbose_name="invited to from the ID cards of",
            ),
        ),
        migrations.RunPython(slugs_to_surveys, surveys_to_slugs),
    ]
