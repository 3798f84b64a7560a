"""The history tables get their index on the date again: the staff page of recent changes
reads them newest first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0010_manual_identity_removable"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalcertificate",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="historicalmanualrequest",
            name="history_date",
            field=models.DateTimeField(db_index=True),
        ),
    ]
