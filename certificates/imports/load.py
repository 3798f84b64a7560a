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
import operator
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.imports.reader import UnreadableFile, read_rows
from certificates.imports.rows import OPTIONAL, REQUIRED, STAGED, RowCleaner, RowError
from certificates.models import Certificate, new_verification_tokens

TARGET = "certificates_certificate"
BATCH = "certificate_import_batch"  # the rows of one batch, all columns
STAGED_KEYS = "certificate_import"  # every good row of the file: line, number, successor
BATCH_ROWS = 50_000
ERRORS_KEPT = 10_000  # every error goes to on_error; the report keeps the first ones
COLUMNS = (*STAGED, "token")
# Staged values are all text, "" for no date, score or successor (COPY reads "" as NULL there).
NULLABLE = ("birth_date", "theory_score", "practical_score", "exam_date", "valid_until")
COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\t', FORCE_NOT_NULL ({})".format(
    ", ".join(c for c in STAGED if c not in (*NULLABLE, "line", "replaced_by"))
)
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

    columns, rows = read_rows(handle, required=REQUIRED, optional=OPTIONAL)
    cleaner = RowCleaner(columns, today=today)
    try:
        with transaction.atomic():
            writer = _RegistryWriter(
                now=timezone.now(), today=today, user_id=user_id, source=source
            )
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
                            writer.write(batch)
                            batch = []
                    if progress and report.rows % 10_000 == 0:
                        progress(report.rows)
                writer.write(batch)
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
_LINE, _NUMBER, _REPLACED_BY = (STAGED.index(c) for c in ("line", "number", "replaced_by"))
_NULLABLE = [STAGED.index(column) for column in NULLABLE]


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if '"' in value else value


@dataclass(frozen=True)
class _Shape:
    """What the statements writing a batch depend on."""

    rows: int
    references: tuple[list, list]  # new standards (code, title, English title); centres
    successors: bool  # some row names the certificate that replaces it
    all_new: bool  # every number is new to the registry and to the file so far


COPY_PIECE = 1_000  # rows turned into text at a time (see _copy_data)


def _copy_text(rows: list[tuple], tokens: list[str]) -> str:
    """Rows in COPY's CSV format, tab-separated. Staged text holds no tab or line break (the
    normaliser folds all whitespace), so only double quotes need quoting; an empty field is
    NULL in the columns not forced to text."""
    text = "".join(map("{}\t{}\n".format, map("\t".join, rows), tokens))
    if '"' in text:
        quoted = (map(_quoted, values) for values in rows)
        text = "".join(map("{}\t{}\n".format, map("\t".join, quoted), tokens))
    return text


def _copy_data(batch: list[tuple], tokens: list[str]) -> bytes:
    """The batch for COPY, as UTF-8. Built piece by piece: one long call into C would keep
    the GIL from the writing thread all along, and the server would wait for it."""
    return b"".join(
        [
            _copy_text(
                batch[start : start + COPY_PIECE], tokens[start : start + COPY_PIECE]
            ).encode()
            for start in range(0, len(batch), COPY_PIECE)
        ]
    )


class _RegistryWriter:
    """Stages and writes the batches; keeps the counts."""

    def __init__(self, *, now, today, user_id, source):
        self.postgres = connection.vendor == "postgresql"
        self.created = self.updated = self.staged = 0
        ops = connection.ops
        self.params = {
            "now": ops.adapt_datetimefield_value(now),
            "today": ops.adapt_datefield_value(today),
            "reason": (_("import") + f": {source}")[:100],
            "user": user_id,
        }
        self.distinct = "IS DISTINCT FROM" if self.postgres else "IS NOT"
        # Into an empty registry every number is new (a number twice in the file is caught by
        # the insert's ON CONFLICT): no batch needs matching against what is there. While the
        # numbers come in ascending order, none can come twice either: no conflict to check.
        self.registry_was_empty = not Certificate.objects.exists()
        self.ascending, self.last_number = True, ""
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
    def write(self, batch: list[tuple]):
        """Hand a batch of staged rows over to be written."""
        if not batch:
            return
        self.staged += len(batch)
        tokens = new_verification_tokens(len(batch))
        # Handed out in ascending order: the unique index on tokens then grows in order instead
        # of at random places (a fifth less work for the server). Each token is as random as
        # ever; within a batch its order follows the file's, so someone holding the tokens of a
        # certificate's two neighbours in the file still faces some 2^128 possibilities.
        tokens.sort()
        # The latest row names a standard's title; a batch holds a few hundred at most.
        standards = {values[_CODE]: values for values in batch}
        references = (
            [(code, values[_TITLE], values[_TITLE_EN]) for code, values in standards.items()],
            sorted({(values[_CENTRE], values[_PROVINCE]) for values in batch if values[_CENTRE]}),
        )
        successors = any(values[_REPLACED_BY] for values in batch)
        numbers = [self.last_number, *map(operator.itemgetter(_NUMBER), batch)]
        self.ascending = self.ascending and all(map(operator.lt, numbers, numbers[1:]))
        self.last_number = numbers[-1]
        shape = _Shape(
            len(batch), references, successors, self.registry_was_empty and self.ascending
        )
        if self.postgres:
            if self.failure is not None:
                raise self.failure
            self.batches.put((_copy_data(batch, tokens), shape))
            return
        rows = []
        for values, token in zip(batch, tokens, strict=True):
            values = [*values, token]
            values[_LINE] = int(values[_LINE])
            for index in _NULLABLE:
                values[index] = values[index] or None
            rows.append(values)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {BATCH}")
            cursor.executemany(
                f"INSERT INTO {BATCH} ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                rows,
            )
            self._write_batch(cursor, shape)

    def _write_batches(self):
        copy = f"COPY {BATCH} ({', '.join(COLUMNS)}) FROM STDIN WITH ({COPY_OPTIONS})"
        cursor = self.raw_connection.cursor()
        first = True
        while (item := self.batches.get()) is not None:
            if self.failure is None:
                data, shape = item
                try:
                    # One read of the whole batch: reading in small pieces would wait for the
                    # GIL, which the checking thread holds most of the time.
                    cursor.copy_expert(
                        copy if first else f"TRUNCATE {BATCH}; {copy}",
                        io.BytesIO(data),
                        size=len(data) + 1,
                    )
                    first = False
                    self._write_batch(cursor, shape)
                except BaseException as error:  # handed over to the importing thread
                    self.failure = error
        cursor.close()

    def finish(self):
        """Wait until every batch is written."""
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
    def _write_batch(self, cursor, shape: _Shape):
        """Write the batch staged in BATCH: its new standards and centres, its new
        certificates and the changed ones, with their history."""
        statements = [*self._references(*shape.references), self._staging(), self._creation(shape)]
        if self.postgres:
            # One round trip: the server's work is not held up waiting for the GIL in between.
            cursor.execute(b";\n".join(cursor.mogrify(*statement) for statement in statements))
            self.created += cursor.rowcount
            if cursor.rowcount < shape.rows:  # some rows of the batch were already there
                cursor.execute(*self._update(shape))
                self.updated += cursor.rowcount
            return
        for statement in statements:
            cursor.execute(*statement)
        self.created += cursor.rowcount
        cursor.execute(*self._update(shape))
        self.updated += cursor.rowcount
        cursor.execute(
            f"""INSERT INTO certificates_historicalcertificate
                    ({", ".join(HISTORY_COLUMNS)}, history_date, history_change_reason,
                     history_type, history_user_id)
                SELECT {", ".join("c." + column for column in HISTORY_COLUMNS)}, %(now)s,
                       %(reason)s, CASE WHEN c.created = %(now)s THEN '+' ELSE '~' END,
                       %(user)s
                FROM {BATCH} b JOIN {TARGET} c ON c.number = b.number
                WHERE c.updated = %(now)s""",
            self.params,
        )

    def _references(self, standards, centres):
        """New standards and centres of a batch; a standard's title follows the latest row."""
        now = self.params["now"]
        if standards:
            yield (
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
                    for code, title, title_en in standards
                    for value in (code, title, title_en, now, now)
                ],
            )
        if centres:
            yield (
                f"""INSERT INTO certificates_trainingcentre
                        (name, city, province, kind, created, updated)
                    VALUES {", ".join(["(%s, '', %s, 'public', %s, %s)"] * len(centres))}
                    ON CONFLICT (name, province) DO NOTHING""",
                [value for name, province in centres for value in (name, province, now, now)],
            )

    def _staging(self):
        return (
            f"""INSERT INTO {STAGED_KEYS} (line, number, status, replaced_by)
                SELECT line, number, status, replaced_by FROM {BATCH}""",
            None,
        )

    def _joins(self, successors: bool) -> tuple[str, str, str]:
        """The batch joined to its standards, centres and successors: (FROM clause, the
        successor's id, the status to write)."""
        joins = f"""FROM {BATCH} b
                JOIN certificates_standard st ON st.code = b.standard_code
                LEFT JOIN certificates_trainingcentre tc
                  ON tc.name = b.training_center AND tc.province = b.province"""
        successor = "NULL"  # most batches name no successor: no lookup
        if successors:
            joins += " LEFT JOIN certificates_certificate r ON r.number = b.replaced_by"
            successor = "r.id"
        # A certificate replaced by one that is itself new in this file cannot name its
        # successor yet: it is written as valid and linked at the end (same transaction).
        status = (
            f"CASE WHEN b.status = 'replaced' AND {successor} IS NULL THEN 'valid' "
            "ELSE b.status END"
        )
        return joins, successor, status

    def _history(self, kind: str) -> str:
        """Writes the history of the certificates in ``written`` (PostgreSQL)."""
        returning = ", ".join(f"{TARGET}.{column}" for column in HISTORY_COLUMNS)
        return f"""RETURNING {returning})
            INSERT INTO certificates_historicalcertificate
                ({", ".join(HISTORY_COLUMNS)}, history_date, history_change_reason,
                 history_type, history_user_id)
            SELECT {", ".join(HISTORY_COLUMNS)}, %(now)s, %(reason)s, '{kind}', %(user)s
            FROM written"""

    def _creation(self, shape: _Shape):
        """The new certificates of the batch, with their history on PostgreSQL."""
        joins, successor, status = self._joins(shape.successors)
        # A number already there is skipped (and updated afterwards), like a number twice in
        # the file (reported at the end). Matching the batch against the registry first is
        # cheaper than the conflict check when most numbers are there already.
        if shape.all_new:
            skip = ""
        elif self.registry_was_empty:
            skip = "WHERE true ON CONFLICT (number) DO NOTHING"  # SQLite wants a WHERE there
        else:
            skip = f"""WHERE NOT EXISTS (SELECT 1 FROM {TARGET} c WHERE c.number = b.number)
                ON CONFLICT (number) DO NOTHING"""
        insert = f"""INSERT INTO {TARGET}
                    (number, {", ".join(PLAIN)}, standard_id, training_centre_id, status,
                     status_changed_on, replaced_by_id, token, created, updated)
                SELECT b.number, {", ".join("b." + column for column in PLAIN)}, st.id, tc.id,
                       {status}, CASE WHEN b.status <> 'valid' THEN %(today)s END,
                       {successor}, b.token, %(now)s, %(now)s
                {joins}
                {skip}"""
        if self.postgres:
            # Each write hands its rows straight to the history (no second lookup).
            return f"WITH written AS ({insert} {self._history('+')}", self.params
        return insert, self.params

    def _update(self, shape: _Shape):
        """The changed certificates of the batch, with their history on PostgreSQL."""
        joins, successor, status = self._joins(shape.successors)
        distinct = self.distinct
        changed = " OR ".join(
            [f"{TARGET}.{column} {distinct} b.{column}" for column in PLAIN]
            + [
                f"{TARGET}.standard_id {distinct} st.id",
                f"{TARGET}.training_centre_id {distinct} tc.id",
                f"{TARGET}.status {distinct} ({status})",
                f"{TARGET}.replaced_by_id {distinct} {successor}",
            ]
        )
        update = f"""UPDATE {TARGET}
                SET {", ".join(f"{column} = b.{column}" for column in PLAIN)},
                    standard_id = st.id, training_centre_id = tc.id, status = {status},
                    status_changed_on = CASE WHEN {TARGET}.status <> b.status THEN %(today)s
                                             ELSE {TARGET}.status_changed_on END,
                    replaced_by_id = {successor}, updated = %(now)s
                {joins}
                WHERE {TARGET}.number = b.number AND {TARGET}.created <> %(now)s
                  AND ({changed})"""
        if self.postgres:
            return f"WITH written AS ({update} {self._history('~')}", self.params
        return update, self.params

    # --- after the last batch ----------------------------------------------------------------
    def cross_row_errors(self):
        with connection.cursor() as cursor:
            # A number twice in the file is created once at most: when every staged row
            # created a certificate, no number came twice.
            if self.created < self.staged:
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
