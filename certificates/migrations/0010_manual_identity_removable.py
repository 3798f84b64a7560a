# Retention may remove the holder's identity from a long-answered manual inquiry: the national
# code may then be empty. (Reversing fails while such a request exists.)

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0009_longer_tracking_codes"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="manualrequest",
            name="certificates_manualrequest_national_id_ten_digits",
        ),
        migrations.AddConstraint(
            model_name="manualrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("national_id__regex", "^[0-9]{10}$"), ("national_id", ""), _connector="OR"
                ),
                name="certificates_manualrequest_national_id_ten_digits",
            ),
        ),
    ]
