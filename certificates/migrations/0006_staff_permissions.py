# Custom permissions of the registry: importing a file, revoking or replacing a certificate.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_contacts_removable_after_answer"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="certificate",
            options={
                "ordering": ["-issue_date", "number"],
                "permissions": [
                    ("import_certificates", "Can import certificates from a file"),
                    ("revoke_certificate", "Can revoke or replace a certificate"),
                ],
                "verbose_name": "certificate",
                "verbose_name_plural": "certificates",
            },
        ),
    ]
