"""Write one staged batch into the registry with a few set-based statements, and check and
link across every staged row at the end.

The batch sits in the temporary table BATCH (see certificates.imports.stage); every good row of
the file is kept in STAGED_KEYS for the checks across rows.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from certificates.imports.rows import RowError
from certificates.models import Certificate

TARGET = "certificates_certificate"
BATCH = "certificate_import_batch"  # the rows of one batch, all columns
STAGED_KEYS = "certificate_import"  # every good row of the file: line, number, successor
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


@dataclass(frozen=True)
class BatchShape:
    """What the statements writing a batch depend on."""

    rows: int
    references: tuple[list, list]  # new standards (code, title, English title); centres
    successors: bool  # some row names the certificate that replaces it
    all_new: bool  # every number is new to the registry and to the file so far


class RegistryWriter:
    """Writes the staged batches into the registry; keeps the counts."""

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

    # --- writing one batch -----------------------------------------------------------------
    def write_batch(self, cursor, shape: BatchShape):
        """Write the batch staged in BATCH: its new standards and centres, its new
        certificates and the changed ones, with their history."""
        self.staged += shape.rows
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

    def _creation(self, shape: BatchShape):
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

    def _update(self, shape: BatchShape):
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
