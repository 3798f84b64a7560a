"""Suggestions on the casework core: `contact_phone` becomes `contact_mobile` (as on manual
inquiries; the public form's field keeps its name) and events and notes point at their `case`.
Columns are renamed with their data; the mobile-format check is recreated on the new name;
events take casework's one list of kinds (choices only)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_history_date_index"),
        ("sla", "0003_agreement_history_and_publish_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedback",
            name="feedback_feedback_mobile_format",
        ),
        migrations.RenameField(
            model_name="feedback",
            old_name="contact_phone",
            new_name="contact_mobile",
        ),
        migrations.RenameField(
            model_name="feedbackevent",
            old_name="feedback",
            new_name="case",
        ),
        migrations.RenameField(
            model_name="feedbacknote",
            old_name="feedback",
            new_name="case",
        ),
        migrations.RenameField(
            model_name="historicalfeedback",
            old_name="contact_phone",
            new_name="contact_mobile",
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("contact_mobile", ""),
                    ("contact_mobile__regex", "^09[0-9]{9}$"),
                    _connector="OR",
                ),
                name="feedback_feedback_mobile_format",
            ),
        ),
        migrations.AlterField(
            model_name="feedbackevent",
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
