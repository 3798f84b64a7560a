"""Import the certificate registry from a CSV or XLSX file, all or nothing.

The file streams through in batches. Each row is checked in Python; good rows travel by
PostgreSQL's COPY into a temporary batch table, and a few set-based statements write the batch
(new standards and centres, new certificates, changed certificates, their history). On
PostgreSQL this runs in a second thread on the same connection and transaction: psycopg2
releases the GIL while the server works, so Python checks the next batch meanwhile. Checks
across rows (a number twice, a successor that exists nowhere) run at the end on every staged
row. Any bad row, or a dry run, rolls the whole transaction back: nothing is half-written.
Re-importing the same file changes nothing.
"""

import datetime
import io
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.imports.reader import UnreadableFile, read_table
from certificates.imports.rows import OPTIONAL, REQUIRED, STAGED, RowCleaner, RowError
from certificates.models import new_verification_tokens

BATCH = "certificate_import_batch"  # the rows of one batch, all columns
STAGED_KEYS = "certificate_import"  # every good row of the file: line, number, successor
BATCH_ROWS = 50_000
ERRORS_KEPT = 10_000  # every error goes to on_error; the report keeps the first ones
COLUMNS = (*STAGED, "token")
# Columns copied from a staged row to a certificate as they are.
PLAIN = (
    "national_id",
    "first_name",
    "last_name",
    "father_name",
    "first_name_en",
    "last_name_en",
    "birth_date",
    "grade",
    "theory_score",
    "practical_score",
    "exam_date",
    "issue_date",
    "valid_until",
    "status_reason",
)
HISTORY_COLUMNS = (
    "id",
    "number",
    *PLAIN,
    "standard_id",
    "training_centre_id",
    "status",
    "status_changed_on",
    "replaced_by_id",
    "token",
    "created",
)


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

    columns, rows = read_table(handle, required=REQUIRED, optional=OPTIONAL)
    cleaner = RowCleaner(columns, today=today)
    try:
        with transaction.atomic():
            writer = _RegistryWriter(
                now=timezone.now(), today=today, user_id=user_id, source=source
            )
            try:
                for line, row in rows:
                    values, errors = cleaner.clean(line, row)
                    report.rows += 1
                    for error in errors:
                        reject(error)
                    if values is not None:
                        writer.add(values)
                    if progress and report.rows % 10_000 == 0:
                        progress(report.rows)
            except BaseException:
                writer.abandon()
                raise
            writer.finish()
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


_CODE, _TITLE, _TITLE_EN, _CENTRE, _PROVINCE = (
    STAGED.index(column)
    for column in (
        "standard_code",
        "standard_title",
        "standard_title_en",
        "training_center",
        "province",
    )
)


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    value = str(value)
    return value.replace("\\", "\\\\") if "\\" in value else value


def _copy_line(row: tuple) -> str:
    """One row in COPY's text format. Staged text holds no tab or line break (the normaliser
    folds all whitespace), so only backslashes need escaping."""
    return "\t".join(map(_copy_value, row)) + "\n"


class _RegistryWriter:
    """Stages and writes the batches; keeps the counts."""

    def __init__(self, *, now, today, user_id, source):
        self.postgres = connection.vendor == "postgresql"
        self.created = self.updated = 0
        self.batch: list[tuple] = []
        self.standards: dict[str, tuple[str, str]] = {}
        self.centres: set[tuple[str, str]] = set()
        ops = connection.ops
        self.params = {
            "now": ops.adapt_datetimefield_value(now),
            "today": ops.adapt_datefield_value(today),
            "reason": (_("import") + f": {source}")[:100],
            "user": user_id,
        }
        self.distinct = "IS DISTINCT FROM" if self.postgres else "IS NOT"
        on_commit = "ON COMMIT DROP" if self.postgres else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {BATCH} (
                    line integer, number text, national_id text, first_name text,
                    last_name text, father_name text, first_name_en text, last_name_en text,
                    birth_date date, standard_code text, standard_title text,
                    standard_title_en text, grade text, theory_score numeric(5, 2),
                    practical_score numeric(5, 2), exam_date date, issue_date date,
                    valid_until date, training_center text, province text, status text,
                    status_reason text, replaced_by text, token text
                ) {on_commit}"""
            )
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {STAGED_KEYS} (
                    line integer, number text, status text, replaced_by text) {on_commit}"""
            )
            if self.postgres:
                # One transaction: waiting for its commit to reach the disk buys nothing.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                # A batch sorts in memory; index probes on solid-state disks are cheap, so
                # a batch is matched to the registry by its index, not by scanning it all.
                cursor.execute("SET LOCAL work_mem TO '64MB'")
                cursor.execute("SET LOCAL random_page_cost TO 1.1")
        if self.postgres:
            self.raw_connection = connection.connection  # Django's handle is per thread
            self.batches: queue.Queue = queue.Queue(maxsize=2)
            self.failure: BaseException | None = None
            self.worker = threading.Thread(target=self._write_batches, daemon=True)
            self.worker.start()

    # --- feeding -------------------------------------------------------------------------
    def add(self, values: tuple):
        self.batch.append(values)
        # The latest row names a standard's title; a batch holds a few hundred at most.
        self.standards[values[_CODE]] = (values[_TITLE], values[_TITLE_EN])
        if values[_CENTRE]:
            self.centres.add((values[_CENTRE], values[_PROVINCE]))
        if len(self.batch) >= BATCH_ROWS:
            self._submit()

    def _submit(self):
        if not self.batch:
            return
        tokens = new_verification_tokens(len(self.batch))
        self.batch = [(*values, token) for values, token in zip(self.batch, tokens, strict=True)]
        references = (self.standards, self.centres)
        self.standards, self.centres = {}, set()
        if self.postgres:
            if self.failure is not None:
                raise self.failure
            self.batches.put(("".join(map(_copy_line, self.batch)), references))
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {BATCH}")
                cursor.executemany(
                    f"INSERT INTO {BATCH} ({', '.join(COLUMNS)}) "
                    f"VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                    self.batch,
                )
                self._write_references(cursor, *references)
                self._write_batch(cursor, len(self.batch))
        self.batch = []

    def _write_batches(self):
        copy = f"COPY {BATCH} ({', '.join(COLUMNS)}) FROM STDIN"
        cursor = self.raw_connection.cursor()
        while (item := self.batches.get()) is not None:
            if self.failure is None:
                text, references = item
                try:
                    cursor.execute(f"TRUNCATE {BATCH}")
                    # One read of the whole batch: reading in small pieces would wait for the
                    # GIL, which the checking thread holds most of the time.
                    cursor.copy_expert(copy, io.StringIO(text), size=len(text) + 1)
                    self._write_references(cursor, *references)
                    self._write_batch(cursor, text.count("\n"))
                except BaseException as error:  # handed over to the importing thread
                    self.failure = error
        cursor.close()

    def finish(self):
        """Write the last batch and wait until every batch is written."""
        self._submit()
        if self.postgres:
            self.batches.put(None)
            self.worker.join()
            if self.failure is not None:
                raise self.failure

    def abandon(self):
        if self.postgres and self.worker.is_alive():
            self.failure = self.failure or RuntimeError("import abandoned")
            self.batches.put(None)
            self.worker.join()

    # --- writing one batch -----------------------------------------------------------------
    def _write_references(self, cursor, standards, centres):
        """New standards and centres of a batch; a standard's title follows the latest row."""
        if standards:
            cursor.execute(
                f"""INSERT INTO certificates_standard (code, title, title_en, created, updated)
                    VALUES {", ".join(["(%s, %s, %s, %s, %s)"] * len(standards))}
                    ON CONFLICT (code) DO UPDATE
                    SET title = excluded.title,
                        title_en = CASE WHEN excluded.title_en <> '' THEN excluded.title_en
                                        ELSE certificates_standard.title_en END,
                        updated = excluded.updated
                    WHERE certificates_standard.title <> excluded.title
                       OR (excluded.title_en <> ''
                           AND certificates_standard.title_en <> excluded.title_en)""",
                [
                    value
                    for code, (title, title_en) in standards.items()
                    for value in (code, title, title_en, self.params["now"], self.params["now"])
                ],
            )
        if centres:
            cursor.execute(
                f"""INSERT INTO certificates_trainingcentre
                        (name, city, province, kind, created, updated)
                    VALUES {", ".join(["(%s, '', %s, 'public', %s, %s)"] * len(centres))}
                    ON CONFLICT (name, province) DO NOTHING""",
                [
                    value
                    for name, province in sorted(centres)
                    for value in (name, province, self.params["now"], self.params["now"])
                ],
            )

    def _write_batch(self, cursor, batch_rows: int):
        params, distinct = self.params, self.distinct
        cursor.execute(
            f"""INSERT INTO {STAGED_KEYS} (line, number, status, replaced_by)
                SELECT line, number, status, replaced_by FROM {BATCH}"""
        )
        joins = f"""FROM {BATCH} b
                JOIN certificates_standard st ON st.code = b.standard_code
                LEFT JOIN certificates_trainingcentre tc
                  ON tc.name = b.training_center AND tc.province = b.province
                LEFT JOIN certificates_certificate r ON r.number = b.replaced_by"""
        # A certificate replaced by one that is itself new in this file cannot name its
        # successor yet: it is written as valid and linked at the end (same transaction).
        status = "CASE WHEN b.status = 'replaced' AND r.id IS NULL THEN 'valid' ELSE b.status END"
        target = "certificates_certificate"
        insert = f"""INSERT INTO {target}
                    (number, {", ".join(PLAIN)}, standard_id, training_centre_id, status,
                     status_changed_on, replaced_by_id, token, created, updated)
                SELECT {"DISTINCT ON (b.number)" if self.postgres else ""}
                       b.number, {", ".join("b." + column for column in PLAIN)}, st.id, tc.id,
                       {status}, CASE WHEN b.status <> 'valid' THEN %(today)s END,
                       r.id, b.token, %(now)s, %(now)s
                {joins}
                WHERE NOT EXISTS (SELECT 1 FROM {target} c WHERE c.number = b.number)"""
        changed = " OR ".join(
            [f"{target}.{column} {distinct} b.{column}" for column in PLAIN]
            + [
                f"{target}.standard_id {distinct} st.id",
                f"{target}.training_centre_id {distinct} tc.id",
                f"{target}.status {distinct} ({status})",
                f"{target}.replaced_by_id {distinct} r.id",
            ]
        )
        update = f"""UPDATE {target}
                SET {", ".join(f"{column} = b.{column}" for column in PLAIN)},
                    standard_id = st.id, training_centre_id = tc.id, status = {status},
                    status_changed_on = CASE WHEN {target}.status <> b.status THEN %(today)s
                                             ELSE {target}.status_changed_on END,
                    replaced_by_id = r.id, updated = %(now)s
                {joins}
                WHERE {target}.number = b.number AND {target}.created <> %(now)s
                  AND ({changed})"""
        history = f"""INSERT INTO certificates_historicalcertificate
                    ({", ".join(HISTORY_COLUMNS)}, history_date, history_change_reason,
                     history_type, history_user_id)"""
        if self.postgres:
            # Each write hands its rows straight to the history (no second lookup); in-batch
            # duplicates are left out here and reported at the end.
            returning = ", ".join(f"{target}.{column}" for column in HISTORY_COLUMNS)
            written = f"""{history}
                SELECT {", ".join(HISTORY_COLUMNS)}, %(now)s, %(reason)s, %(kind)s, %(user)s
                FROM written"""
            cursor.execute(
                f"""WITH written AS ({insert} ORDER BY b.number, b.line RETURNING {returning})
                    {written}""",
                {**params, "kind": "+"},
            )
            self.created += cursor.rowcount
            if cursor.rowcount < batch_rows:  # some rows of the batch were already there
                cursor.execute(
                    f"WITH written AS ({update} RETURNING {returning}) {written}",
                    {**params, "kind": "~"},
                )
                self.updated += cursor.rowcount
            return
        cursor.execute(insert + " ON CONFLICT (number) DO NOTHING", params)
        self.created += cursor.rowcount
        cursor.execute(update, params)
        self.updated += cursor.rowcount
        cursor.execute(
            f"""{history}
                SELECT {", ".join("c." + column for column in HISTORY_COLUMNS)}, %(now)s,
                       %(reason)s, CASE WHEN c.created = %(now)s THEN '+' ELSE '~' END,
                       %(user)s
                FROM {BATCH} b JOIN {target} c ON c.number = b.number
                WHERE c.updated = %(now)s""",
            params,
        )

    # --- after the last batch ----------------------------------------------------------------
    def cross_row_errors(self):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {STAGED_KEYS}_number ON {STAGED_KEYS} (number)")
            if self.postgres:
                cursor.execute(f"ANALYZE {STAGED_KEYS}")
            cursor.execute(
                f"""SELECT s.line, (SELECT min(t.line) FROM {STAGED_KEYS} t
                                    WHERE t.number = s.number)
                    FROM {STAGED_KEYS} s
                    WHERE EXISTS (SELECT 1 FROM {STAGED_KEYS} t
                                  WHERE t.number = s.number AND t.line < s.line)
                    ORDER BY s.line"""
            )
            for line, first in cursor.fetchall():
                yield RowError(line, "number", _("also on line %(line)s") % {"line": first})
            cursor.execute(
                f"""SELECT s.line FROM {STAGED_KEYS} s
                    WHERE s.replaced_by <> ''
                      AND NOT EXISTS (SELECT 1 FROM certificates_certificate c
                                      WHERE c.number = s.replaced_by)
                    ORDER BY s.line"""
            )
            for (line,) in cursor.fetchall():
                yield RowError(
                    line,
                    "replaced_by",
                    _("no certificate with this number, in the file or the registry"),
                )

    def link_new_successors(self):
        """Point certificates replaced by ones new in this file at their successors."""
        pending = f"""FROM {STAGED_KEYS} s
                      JOIN certificates_certificate r ON r.number = s.replaced_by
                      WHERE certificates_certificate.number = s.number
                        AND s.status = 'replaced'
                        AND certificates_certificate.replaced_by_id IS NULL"""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE certificates_certificate
                    SET status = 'replaced', replaced_by_id = r.id, updated = %(now)s,
                        status_changed_on = %(today)s
                    {pending}""",
                self.params,
            )
            if cursor.rowcount:
                cursor.execute(
                    """UPDATE certificates_historicalcertificate AS h
                       SET status = c.status, replaced_by_id = c.replaced_by_id,
                           status_changed_on = c.status_changed_on
                       FROM certificates_certificate c
                       WHERE h.id = c.id AND h.history_date = %(now)s
                         AND h.status <> c.status""",
                    self.params,
                )


__all__ = ["ImportReport", "UnreadableFile", "certificates_import"]
