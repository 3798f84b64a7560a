"""The admin's registry import off the request: the upload is kept in the private storage with
an ImportRun, and a task of the queue (``manage.py db_worker``) imports it, writing how many rows
it has read so far for the progress page. The file is deleted once the run has finished."""

import logging
import secrets
from pathlib import PurePath

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from certificates.imports.load import ImportReport, UnreadableFile, certificates_import
from certificates.models import ImportRun

logger = logging.getLogger(__name__)

COUNTS = ("rows", "created", "updated", "unchanged", "rejected")


def import_run_start(*, upload, dry_run: bool, user, language: str) -> ImportRun:
    """Keep ``upload`` under a name of our own and queue its import, in one transaction."""
    suffix = PurePath(upload.name).suffix.lower()[:8]
    run = ImportRun(
        source=upload.name[:255], dry_run=dry_run, requested_by=user, language=language[:8]
    )
    with transaction.atomic():
        run.file.save(f"{secrets.token_hex(12)}{suffix}", upload, save=False)
        run.save()
        import_run.enqueue(run_id=run.pk)
    run.refresh_from_db()  # the queue may have run it at once (the tests' immediate backend)
    return run


def import_run_summary(run: ImportRun) -> str:
    """The importer's own one-line summary, in the language of the page showing it."""
    return ImportReport(dry_run=run.dry_run, **run.counts).summary()


class _ProgressWriter:
    """Writes rows read through a connection of its own: the import's transaction is not
    committed until the end, and the progress page must see the count before. SQLite admits one
    writer at a time, so there the count arrives with the result."""

    def __init__(self, run: ImportRun):
        self.run = run
        self.other = None
        if connection.vendor == "postgresql":
            self.other = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, rows: int) -> None:
        if self.other is None:
            return
        with self.other.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportRun._meta.db_table} SET rows_read = %s WHERE id = %s",
                [rows, self.run.pk],
            )

    def close(self) -> None:
        if self.other is not None:
            self.other.close()


@task()
def import_run(*, run_id: int) -> dict:
    """Import the run's file; record the counts and every rejected row, or why it failed."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not claimed:  # gone, or already run
        return {"run": run_id, "ran": False}
    run = ImportRun.objects.get(pk=run_id)
    errors: list[list] = []
    progress = _ProgressWriter(run)
    with translation.override(run.language):
        try:
            with run.file.open("rb") as handle:
                report = certificates_import(
                    handle,
                    dry_run=run.dry_run,
                    user_id=run.requested_by_id,
                    source=run.source,
                    progress=progress,
                    on_error=lambda error: errors.append([error.line, error.column, error.reason]),
                )
        except UnreadableFile as error:
            _finish(run, status=ImportRun.Status.FAILED, failure=str(error))
        except Exception:
            _finish(
                run,
                status=ImportRun.Status.FAILED,
                failure=_("The import stopped unexpectedly; nothing was written. Try again."),
            )
            raise
        else:
            errors.sort(key=lambda error: error[0])
            _finish(
                run,
                status=ImportRun.Status.FINISHED,
                rows_read=report.rows,
                counts={name: getattr(report, name) for name in COUNTS},
                errors=errors,
            )
        finally:
            progress.close()
    return {"run": run_id, "ran": True, "status": run.status}


def _finish(run: ImportRun, **fields) -> None:
    """Record the outcome and drop the upload, together."""
    for name, value in fields.items():
        setattr(run, name, value)
    with transaction.atomic():
        if run.file:
            run.file.delete(save=False)
        run.save()
