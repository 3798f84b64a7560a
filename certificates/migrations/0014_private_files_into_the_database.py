"""Private files saved on a host's disk before the database storage (PRIVATE_MEDIA_ROOT): every
scan and bulk result a row names is copied into servicedesk.StoredFile, so every host reads it.
The files on disk stay where they are (PRIVATE_STORAGE=filesystem still finds them). Reversed,
the stored files a row names are written back to the disk where they are missing."""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def named_files(apps) -> set[str]:
    """The names of the private files rows point at."""
    names = set()
    for model, fields in (
        ("ManualRequest", ["scan"]),
        ("HistoricalManualRequest", ["scan"]),
        ("BulkCheck", ["result_csv", "result_xlsx"]),
    ):
        rows = apps.get_model("certificates", model).objects
        for field in fields:
            names.update(rows.exclude(**{field: ""}).values_list(field, flat=True).distinct())
    return names


def copy_into_the_database(apps, schema_editor):
    StoredFile = apps.get_model("servicedesk", "StoredFile")
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    stored = set(StoredFile.objects.values_list("name", flat=True))
    for name in sorted(named_files(apps) - stored):
        path = root / name
        if path.is_file():
            content = path.read_bytes()
            StoredFile.objects.create(name=name, content=content, size=len(content))


def write_back_to_disk(apps, schema_editor):
    StoredFile = apps.get_model("servicedesk", "StoredFile")
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    for stored in StoredFile.objects.filter(name__in=named_files(apps)).iterator():
        path = root / stored.name
        if not path.exists():
            path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
            path.write_bytes(bytes(stored.content))
            path.chmod(0o640)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0013_timestamped_registry_and_organisations"),
        ("servicedesk", "0003_stored_files"),
    ]

    operations = [migrations.RunPython(copy_into_the_database, write_back_to_disk)]
