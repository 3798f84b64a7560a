"""Import official holidays from a CSV file (the same import as in admin)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sla.services import holiday_import_csv


class Command(BaseCommand):
    help = "Import official holidays from CSV (columns date as Jalali YYYY/MM/DD, title)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        result = holiday_import_csv(data=path.read_bytes())
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        if result.errors:
            raise CommandError("Nothing was imported: correct the rows above.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Holidays: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
