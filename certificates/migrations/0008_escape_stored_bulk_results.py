# Bulk-check results stored before the one cell rule (servicedesk.spreadsheets) may hold texts a
# spreadsheet runs as formulas, and their cached XLSX copies formula cells; they stay
# downloadable for a year. Each CSV is written again through the rule (which leaves safe cells
# as they are), and each XLSX copy is dropped: the next download makes it again from the CSV.

from django.core.files.base import ContentFile
from django.db import migrations

from servicedesk import spreadsheets


def escape_stored_results(apps, schema_editor):
    BulkCheck = apps.get_model("certificates", "BulkCheck")
    for record in BulkCheck.objects.exclude(result_csv="").iterator():
        storage, name = record.result_csv.storage, record.result_csv.name
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                stored = handle.read()
            written = spreadsheets.csv_bytes(spreadsheets.read_csv(ContentFile(stored)))
            if written != stored:
                storage.delete(name)
                record.result_csv.name = storage.save(name, ContentFile(written))
        if record.result_xlsx:
            record.result_xlsx.delete(save=False)
        record.save(update_fields=["result_csv", "result_xlsx"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0007_guessing_alerts_and_shorter_masks"),
    ]

    operations = [
        migrations.RunPython(escape_stored_results, migrations.RunPython.noop, elidable=True),
    ]
