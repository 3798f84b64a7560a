# Tracking codes grow from 8 to 12 characters (60 random bits); the codes already handed out
# (8 characters) stay valid. Reversing narrows the column again, which PostgreSQL refuses while
# any 12-character code exists: the new codes would have to be removed first.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="feedback",
            name="feedback_feedback_tracking_code_alphabet",
        ),
        migrations.AlterField(
            model_name="feedback",
            name="tracking_code",
            field=models.CharField(editable=False, max_length=12, verbose_name="tracking code"),
        ),
        migrations.AlterField(
            model_name="historicalfeedback",
            name="tracking_code",
            field=models.CharField(editable=False, max_length=12, verbose_name="tracking code"),
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "tracking_code__regex",
                        "^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}([23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4})?$",
                    )
                ),
                name="feedback_feedback_tracking_code_alphabet",
            ),
        ),
    ]
