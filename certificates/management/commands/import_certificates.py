"""python manage.py import_certificates PATH [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from certificates.imports.load import UnreadableFile, certificates_import


class Command(BaseCommand):
    help = "Import certificates from a CSV or XLSX file: all rows or none; --dry-run only reports."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        bar = tqdm(
            desc="rows checked",
            unit=" rows",
            disable=options["verbosity"] == 0,
            file=self.stderr._out,
            mininterval=0.5,
        )

        def progress(rows):
            bar.update(rows - bar.n)

        def on_error(error):
            self.stderr.write(str(error))

        with path.open("rb") as handle:
            try:
                report = certificates_import(
                    handle,
                    dry_run=dry_run,
                    source=path.name,
                    progress=progress,
                    on_error=on_error,
                )
            except UnreadableFile as error:
                bar.close()
                raise CommandError(str(error)) from None
        bar.close()
        if not report.ok:
            self.stdout.write(_("Nothing written: %(summary)s") % {"summary": report.summary()})
            raise CommandError(
                _("%(count)s rows rejected") % {"count": report.rejected}, returncode=1
            )
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing written: %(summary)s") % {"summary": report.summary()}
            )
        else:
            self.stdout.write(report.summary())
