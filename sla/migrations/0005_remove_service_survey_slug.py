"""A service no longer names its survey: which survey a card invites to is the feedback app's
business (its migration 0004 carries the names over first). Reversible: the columns come back
empty (blank slug fields default to ""), and feedback's migration 0004 refills them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0004_service_history_and_date_index"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalservice", name="survey_slug"),
        migrations.RemoveField(model_name="service", name="survey_slug"),
    ]
