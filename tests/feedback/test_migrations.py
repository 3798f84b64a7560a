"""The survey a service's card names moves from sla's Service to feedback's Survey, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

BEFORE = [("feedback", "0004_casework_field_names"), ("sla", "0004_service_history_and_date_index")]
AFTER = [("feedback", "0005_survey_card_services"), ("sla", "0005_remove_service_survey_slug")]


def migrate(targets):
    """Migrate to ``targets``; the models as they were there."""
    with connection.cursor() as cursor:
        # Rows written in this test's transaction: their foreign keys are checked now, not
        # at the commit that never comes, else PostgreSQL refuses to alter their tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_survey_a_card_names_becomes_the_survey_that_card_invites_to_and_back():
    old = migrate(BEFORE)
    Service, Survey = old.get_model("sla", "Service"), old.get_model("feedback", "Survey")
    named = Service.objects.create(service_id="14039999001", title="named", survey_slug="poll")
    unnamed = Service.objects.create(service_id="14039999002", title="unnamed")
    Service.objects.create(service_id="14039999003", title="gone", survey_slug="no-such-survey")
    Survey.objects.create(slug="poll", title="poll")

    new = migrate(AFTER)
    survey = new.get_model("feedback", "Survey").objects.get(slug="poll")
    assert list(survey.card_services.values_list("pk", flat=True)) == [named.pk]
    assert "survey_slug" not in {f.name for f in new.get_model("sla", "Service")._meta.fields}

    old = migrate(BEFORE)
    slugs = dict(old.get_model("sla", "Service").objects.values_list("pk", "survey_slug"))
    assert slugs[named.pk] == "poll"
    assert slugs[unnamed.pk] == ""
    migrate(AFTER)
