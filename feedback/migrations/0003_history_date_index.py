"""The history tables get their index on the date again: the staff page of recent changes
reads them newest first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_longer_tracking_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalfeedback",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
    ]
