"""Import the certificate registry from a CSV or XLSX file, all or nothing.

The file streams through in batches. Each row is checked in Python; good rows travel by
PostgreSQL's COPY into a temporary batch table, and a few set-based statements write the batch
(new standards and centres, new certificates, changed certificates, their history). On
PostgreSQL this runs in a second thread on the same connection and transaction: psycopg2
releases the GIL while the server works, so Python checks the next batch meanwhile. Checks
across rows (a number twice, a successor that exists nowhere) run at the end on every staged
row. Any bad row, or a dry run, rolls the whole transaction back: nothing is half-written.
Re-importing the same file changes nothing.

The pipeline's stages, one module each: ``reader`` (the file's rows) and ``rows`` (checking
one row), ``stage`` (the batch into a temporary table), ``write`` (the batch into the registry,
and the checks across rows); this module runs them in one transaction.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.imports.reader import UnreadableFile, read_rows
from certificates.imports.rows import OPTIONAL, REQUIRED, RowCleaner, RowError
from certificates.imports.stage import BatchStager
from certificates.imports.write import BATCH, STAGED_KEYS, RegistryWriter

BATCH_ROWS = 50_000
ERRORS_KEPT = 10_000  # every error goes to on_error; the report keeps the first ones


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def summary(self) -> str:
        return (
            _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected"
            )
            % self.__dict__
        )


class _Rollback(Exception):
    pass


def certificates_import(
    handle: BinaryIO,
    *,
    dry_run: bool = False,
    user_id: int | None = None,
    source: str = "",
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import ``handle`` (a binary file); nothing is written on a dry run or with any bad row.

    Raises UnreadableFile when the file itself cannot be read (format, header).
    """
    today = today or timezone.localdate()
    report = ImportReport(dry_run=dry_run)
    bad_lines: set[int] = set()

    def reject(error: RowError):
        bad_lines.add(error.line)
        if len(report.errors) < ERRORS_KEPT:
            report.errors.append(error)
        if on_error:
            on_error(error)

    columns, rows = read_rows(handle, required=REQUIRED, optional=OPTIONAL)
    cleaner = RowCleaner(columns, today=today)
    try:
        with transaction.atomic():
            writer = RegistryWriter(now=timezone.now(), today=today, user_id=user_id, source=source)
            stager = BatchStager(writer)
            try:
                clean = cleaner.clean
                batch: list[tuple] = []
                for line, values in rows:
                    staged, errors = clean(line, values)
                    report.rows += 1
                    if errors:
                        for error in errors:
                            reject(error)
                    else:
                        batch.append(staged)
                        if len(batch) == BATCH_ROWS:
                            stager.stage(batch)
                            batch = []
                    if progress and report.rows % 10_000 == 0:
                        progress(report.rows)
                stager.stage(batch)
            except BaseException:
                stager.abandon()
                raise
            stager.finish()
            if progress:
                progress(report.rows)
            for error in writer.cross_row_errors():
                reject(error)
            report.rejected = len(bad_lines)
            if report.rejected:
                report.errors.sort(key=lambda error: error.line)
                raise _Rollback
            writer.link_new_successors()
            report.created, report.updated = writer.created, writer.updated
            report.unchanged = report.rows - report.created - report.updated
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    finally:
        # Normally gone with the transaction; not when the caller's transaction goes on.
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {BATCH}")
            cursor.execute(f"DROP TABLE IF EXISTS {STAGED_KEYS}")
    return report


__all__ = ["ImportReport", "UnreadableFile", "certificates_import"]
