"""Stage the checked rows of a batch in a temporary table: by PostgreSQL's COPY from a second
thread on the same connection and transaction (psycopg2 releases the GIL while the server works,
so Python checks the next batch meanwhile), or by plain inserts elsewhere. Each staged batch
is handed to the RegistryWriter.
"""

import io
import operator
import queue
import threading

from django.db import connection

from certificates.imports.rows import STAGED
from certificates.imports.write import BATCH, STAGED_KEYS, BatchShape, RegistryWriter
from certificates.models import new_verification_tokens

COLUMNS = (*STAGED, "token")
# Staged values are all text, "" for no date, score or successor (COPY reads "" as NULL there).
NULLABLE = ("birth_date", "theory_score", "practical_score", "exam_date", "valid_until")
COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\t', FORCE_NOT_NULL ({})".format(
    ", ".join(c for c in STAGED if c not in (*NULLABLE, "line", "replaced_by"))
)

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


class BatchStager:
    """Stages the batches and hands each to the writer, in a second thread on PostgreSQL."""

    def __init__(self, writer: RegistryWriter):
        self.writer = writer
        self.postgres = writer.postgres
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

    def stage(self, batch: list[tuple]):
        """Hand a batch of checked rows over to be written."""
        if not batch:
            return
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
        shape = BatchShape(
            len(batch), references, successors, self.writer.registry_was_empty and self.ascending
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
            self.writer.write_batch(cursor, shape)

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
                    self.writer.write_batch(cursor, shape)
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
