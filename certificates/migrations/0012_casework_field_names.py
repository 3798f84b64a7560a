"""Manual inquiries on the casework core: events and notes point at their `case` (columns
renamed with their data), notes gain `updated` like every timestamped row (existing notes get
the time of the migration), and events take casework's one list of kinds (choices only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0011_history_date_index"),
    ]

    operations = [
        migrations.RenameField(
            model_name="manualrequestevent",
            old_name="manual_request",
            new_name="case",
        ),
        migrations.RenameField(
            model_name="manualrequestnote",
            old_name="manual_request",
            new_name="case",
        ),
        migrations.AddField(
            model_name="manualrequestnote",
            name="updated",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AlterField(
            model_name="manualrequestevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("in_review", "Taken into review"),
                    ("answered", "Answered"),
                    ("answer_updated", "Answer updated"),
                    ("rejected", "Rejected"),
                    ("closed", "Closed"),
                    ("reopened", "Reopened"),
                    ("rated", "The submitter rated the answer"),
                    ("assigned", "Assigned"),
                    ("overdue", "Flagged overdue"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
    ]
